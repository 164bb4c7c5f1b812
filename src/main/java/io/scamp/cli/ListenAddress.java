package io.scamp.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/**
 * Reads {@code HOST:PORT} (or {@code [IPV6]:PORT}) into a socket address for an option such as
 * {@code dashboard --listen}; port 0 means a free one. The host is resolved once, now.
 */
final class ListenAddress implements CommandLine.ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new CommandLine.TypeConversionException("'" + value + "': an IPv6 address goes in brackets, [::1]:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "': the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.TypeConversionException("'" + value + "': the port is not in 0..65535");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new CommandLine.TypeConversionException("'" + value + "': unknown host " + host);
        }
        return address;
    }
}
