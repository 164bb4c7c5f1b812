package io.scamp.wire;

/**
 * {@code HOST:PORT} as SCAMP addresses and log lines write it: an IPv6 literal in brackets
 * ({@code [::1]:30101}), anything else as it is. One place for what announcements, endpoints,
 * connection logs and the command's local HTTP endpoints all print.
 */
public final class HostPort {
    private HostPort() {
    }

    /**
     * Formats {@code host} and {@code port}.
     *
     * @param host a host name or address literal; one holding a {@code :} is an IPv6 literal
     * @param port the port
     * @return {@code HOST:PORT}, or {@code [HOST]:PORT} for IPv6
     */
    public static String of(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
