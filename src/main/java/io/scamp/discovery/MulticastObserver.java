package io.scamp.discovery;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * Records heard on the multicast group (SCAMP.md §7.3): joins the group, inflates each
 * datagram (bounded), verifies it, drops replays (a timestamp older than the newest seen for
 * that fingerprint and identity), and expires a record when no newer one arrives within
 * {@code interval × 2.1}. Bad datagrams are reported as rejections of the state, never fatal.
 */
public final class MulticastObserver implements DiscoverySource {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MulticastObserver.class);
    private static final double EXPIRY_FACTOR = 2.1;
    private static final int MAX_REJECTIONS = 20;

    private final String group;
    private final int port;
    private final String interfaceAddress;

    /**
     * An observer of {@code group:port} on the interface holding {@code interfaceAddress}
     * ({@code discovery.multicast_address}, {@code discovery.port}, {@code discovery.address}).
     * Nothing is opened until {@link #states()} is subscribed to; each subscription joins the
     * group on its own channel and reader thread.
     *
     * @param group the multicast group address
     * @param port the group's UDP port
     * @param interfaceAddress an IPv4 address of the interface to join on
     */
    public MulticastObserver(String group, int port, String interfaceAddress) {
        this.group = group;
        this.port = port;
        this.interfaceAddress = interfaceAddress;
    }

    /**
     * The records heard, at once (none yet) and on every change: a new or changed record, an
     * expiry, a rejection. Never stale.
     *
     * @return the states; fails with {@link DiscoveryException} if the group cannot be joined
     */
    @Override
    public Flux<SourceState> states() {
        return Flux.<SourceState>create(sink -> {
            DatagramChannel channel;
            try {
                channel = MulticastChannels.receiver(group, port, interfaceAddress);
            } catch (IOException e) {
                sink.error(new DiscoveryException("cannot join " + group + ":" + port + " on " + interfaceAddress + ": " + e.getMessage(), e));
                return;
            }
            Heard heard = new Heard();
            Thread reader = new Thread(() -> receive(channel, heard, sink), "scamp-multicast-" + port);
            reader.setDaemon(true);
            reader.start();
            var sweeper = Schedulers.boundedElastic().schedulePeriodically(() -> {
                if (heard.expire(System.nanoTime())) {
                    sink.next(heard.state());
                }
            }, 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
            sink.next(heard.state());
            sink.onDispose(() -> {
                sweeper.dispose();
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            });
        }, FluxSink.OverflowStrategy.LATEST).distinctUntilChanged();
    }

    private static void receive(DatagramChannel channel, Heard heard, FluxSink<SourceState> sink) {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (from == null) {
                    continue;
                }
                if (heard.accept(buffer.array(), buffer.position(), from, System.nanoTime())) {
                    sink.next(heard.state());
                }
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.error("multicast receive failed ({}): no more announcements are heard, and the services heard so far expire", e.toString());
                return;
            }
        }
    }

    /** What has been heard; guarded by its own monitor (reader thread and sweeper). */
    static final class Heard {
        private final Map<String, Entry> records = new LinkedHashMap<>();
        private final List<Rejection> rejected = new ArrayList<>();

        /** Returns whether the state changed. */
        synchronized boolean accept(byte[] datagram, int length, SocketAddress from, long nowNanos) {
            AnnouncementRecord record;
            try {
                record = AnnouncementParser.parse(Datagrams.inflate(datagram, length)).verify();
            } catch (InvalidRecordException e) {
                return reject(new Rejection(e.ident(), "from " + from + ": " + e.getMessage(), e.kind()));
            } catch (IllegalArgumentException e) {
                return reject(new Rejection(null, "from " + from + ": datagram " + e.getMessage()));
            }
            String key = record.fingerprint() + " " + record.ident();
            Entry old = records.get(key);
            if (old != null && record.timestamp() < old.record.timestamp()) {
                return false; // a replay
            }
            long life = (long) (Math.max(record.intervalMillis(), 1) * EXPIRY_FACTOR * 1_000_000L);
            if (old != null && sameExceptTimestamp(old.record, record)) {
                // a repeat of an unchanged announcement: extend its life, keep the table as it is
                records.put(key, new Entry(old.record, nowNanos + life));
                return false;
            }
            records.put(key, new Entry(record, nowNanos + life));
            return true;
        }

        private boolean reject(Rejection r) {
            rejected.add(r);
            if (rejected.size() > MAX_REJECTIONS) {
                rejected.remove(0);
            }
            return true;
        }

        synchronized boolean expire(long nowNanos) {
            return records.values().removeIf(e -> e.expiresAtNanos - nowNanos < 0);
        }

        synchronized SourceState state() {
            List<AnnouncementRecord> list = new ArrayList<>();
            records.values().forEach(e -> list.add(e.record));
            return new SourceState(list, rejected, false);
        }
    }

    static boolean sameExceptTimestamp(AnnouncementRecord a, AnnouncementRecord b) {
        return a.ident().equals(b.ident()) && a.address().equals(b.address()) && a.weight() == b.weight()
                && a.actions().equals(b.actions()) && a.sector().equals(b.sector()) && a.envelopes().equals(b.envelopes());
    }

    private record Entry(AnnouncementRecord record, long expiresAtNanos) {
    }
}
