package io.scamp.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/**
 * Opens the UDP channels of multicast discovery (SCAMP.md §7.3) on the interface that holds a
 * given IPv4 address ({@code discovery.address}); loopback works for a single host.
 */
final class MulticastChannels {
    private MulticastChannels() {
    }

    static NetworkInterface interfaceOf(String address) throws IOException {
        NetworkInterface nic = NetworkInterface.getByInetAddress(InetAddress.getByName(address));
        if (nic == null) {
            throw new SocketException("no network interface has the address " + address);
        }
        return nic;
    }

    /** A channel that sends to the group from the interface holding {@code address}. */
    static DatagramChannel sender(String address) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, interfaceOf(address));
        ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
        ch.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return ch;
    }

    /** A channel bound to the group's port that has joined the group on the interface holding {@code address}. */
    static DatagramChannel receiver(String group, int port, String address) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.bind(new InetSocketAddress(port));
        ch.join(InetAddress.getByName(group), interfaceOf(address));
        return ch;
    }
}
