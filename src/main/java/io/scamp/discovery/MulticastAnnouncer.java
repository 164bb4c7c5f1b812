package io.scamp.discovery;

import io.scamp.discovery.AnnouncementSigner.Announcement;
import io.scamp.tls.ServiceIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Announces a service on the multicast group (SCAMP.md §7.3): its signed record, zlib
 * compressed, one datagram every interval from the configured interface; on shutdown weight 0
 * with no actions, at once and then 4 more times 200 ms apart.
 *
 * <p>The interval is the announcement's own
 * ({@link io.scamp.service.ScampServiceBuilder#announceInterval}), at least 100 ms.
 * "Shutdown" is {@link #draining()}: the weight-0 datagrams go out as the service begins to
 * stop, and nothing is sent after them; {@link #stop()} only closes the socket, since
 * multicast records expire by themselves.
 */
public final class MulticastAnnouncer implements Announcer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MulticastAnnouncer.class);
    static final int SHUTDOWN_REPEATS = 5;
    static final Duration SHUTDOWN_SPACING = Duration.ofMillis(200);

    private final InetSocketAddress group;
    private final String interfaceAddress;
    private DatagramChannel channel;
    private Announcement announcement;
    private ServiceIdentity identity;
    private Disposable timer;

    /**
     * An announcer for the multicast group {@code group:port}; nothing is opened until
     * {@link #start}.
     *
     * @param group the multicast group's address ({@code discovery.multicast_address},
     *     {@code 239.63.248.106} by default), resolved now
     * @param port the group's UDP port ({@code discovery.port}, 5555 by default)
     * @param interfaceAddress an IPv4 address of the interface to send from
     *     ({@code discovery.address}); loopback works for a single host. An address no
     *     interface holds makes {@link #start} fail
     * @throws IllegalArgumentException if {@code group} cannot be resolved or {@code port} is
     *     outside 0 to 65535
     */
    public MulticastAnnouncer(String group, int port, String interfaceAddress) {
        try {
            this.group = new InetSocketAddress(InetAddress.getByName(group), port);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad multicast group " + group + ": " + e.getMessage(), e);
        }
        this.interfaceAddress = interfaceAddress;
    }

    @Override
    public synchronized void start(Announcement a, ServiceIdentity id) {
        this.announcement = a;
        this.identity = id;
        try {
            channel = MulticastChannels.sender(interfaceAddress);
        } catch (IOException e) {
            throw new DiscoveryException("cannot announce on " + group + " from " + interfaceAddress + ": " + e.getMessage(), e);
        }
        try {
            channel.send(ByteBuffer.wrap(Datagrams.deflate(AnnouncementSigner.sign(a, id))), group);
        } catch (IOException e) {
            stop();
            throw new DiscoveryException("cannot announce on " + group + " from " + interfaceAddress + ": " + e.getMessage(), e);
        }
        Duration interval = Duration.ofMillis(Math.max(100, a.intervalMillis()));
        timer = Flux.interval(interval, interval, Schedulers.boundedElastic()).subscribe(t -> sendCurrent());
    }

    @Override
    public void draining() {
        synchronized (this) {
            if (announcement == null) {
                return;
            }
            if (timer != null) {
                timer.dispose();
            }
            announcement = announcement.draining(announcement.timestamp());
        }
        for (int i = 0; i < SHUTDOWN_REPEATS; i++) {
            if (i > 0) {
                Flux.just(1).delayElements(SHUTDOWN_SPACING).blockLast();
            }
            sendCurrent();
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.dispose();
        }
        announcement = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private synchronized void sendCurrent() {
        if (announcement == null || channel == null || !channel.isOpen()) {
            return;
        }
        Announcement a = announcement;
        announcement = new Announcement(a.ident(), a.sector(), a.weight(), a.intervalMillis(), a.address(), a.envelopes(), a.actions(),
                System.currentTimeMillis() / 1000.0);
        byte[] datagram = Datagrams.deflate(AnnouncementSigner.sign(announcement, identity));
        try {
            channel.send(ByteBuffer.wrap(datagram), group);
        } catch (IOException e) {
            LOG.warn("cannot send the announcement of {} to {}: {}; trying again at the next interval", a.ident(), group, e.toString());
        }
    }
}
