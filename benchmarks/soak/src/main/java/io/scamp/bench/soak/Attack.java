package io.scamp.bench.soak;

import io.scamp.client.Endpoint;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.HostilePeers.Peer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The attacks of the soak. Each is one hostile peer's script for one connection; the peer runs
 * it again on a new connection whenever the service ends the last one, until the soak stops.
 * Every byte a script writes counts as pushed.
 */
enum Attack {
    /**
     * Like scamp-go as a sender: an endless {@code Scamp.sink} body in 128 KiB DATA packets,
     * written as fast as TCP takes them, never waiting for an ACK; what the service sends back
     * is read and thrown away. The service consumes it, so this is where most bytes go.
     */
    UPLOAD_IGNORING_WINDOW {
        @Override
        void once(Endpoint target, Tally tally, StopSignal stop) throws IOException {
            try (Peer peer = stop.track(HostilePeers.connect(target))) {
                tally.connected();
                HostilePeers.onThread("soak-drain", () -> drain(peer.in()));
                OutputStream out = peer.out();
                write(out, HostilePeers.requestHeader(0, "Scamp.sink", 1), tally);
                byte[] data = HostilePeers.packet("DATA", 0, new byte[HostilePeers.MAX_BODY]);
                while (!stop.isSet()) {
                    write(out, data, tally);
                }
            }
        }
    },
    /** An endless {@code Scamp.echo} body, nothing ever read: the echo backs up until TCP stops the peer. */
    ECHO_FLOOD_UNREAD {
        @Override
        void once(Endpoint target, Tally tally, StopSignal stop) throws IOException {
            byte[] data = HostilePeers.packet("DATA", 0, new byte[HostilePeers.MAX_BODY]);
            floodUnread(target, tally, stop, HostilePeers.requestHeader(0, "Scamp.echo", 1), () -> data);
        }
    },
    /** PINGs, 4096 per write, no PONG ever read. */
    PING_FLOOD_UNREAD {
        @Override
        void once(Endpoint target, Tally tally, StopSignal stop) throws IOException {
            ByteArrayOutputStream pings = new ByteArrayOutputStream();
            for (int i = 0; i < 4096; i++) {
                pings.writeBytes(HostilePeers.packet("PING", i, new byte[0]));
            }
            byte[] chunk = pings.toByteArray();
            floodUnread(target, tally, stop, new byte[0], () -> chunk);
        }
    },
    /** Whole small {@code Scamp.echo} requests, 256 per write, no reply ever read. */
    REQUEST_FLOOD_UNREAD {
        @Override
        void once(Endpoint target, Tally tally, StopSignal stop) throws IOException {
            byte[] body = "x".getBytes(StandardCharsets.US_ASCII);
            long[] next = {0};
            floodUnread(target, tally, stop, new byte[0], () -> {
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = 0; i < 256; i++) {
                    long msgNo = next[0]++;
                    batch.writeBytes(HostilePeers.request(msgNo, "Scamp.echo", msgNo + 1, body));
                }
                return batch.toByteArray();
            });
        }
    },
    /** Asks {@code Scamp.source} for 1 GiB and never reads a byte of it. */
    SOURCE_UNREAD {
        @Override
        void once(Endpoint target, Tally tally, StopSignal stop) throws IOException {
            byte[] ask = HostilePeers.request(0, "Scamp.source", 1, "{\"bytes\":1073741824}".getBytes(StandardCharsets.US_ASCII));
            try (Peer peer = stop.track(HostilePeers.connect(target))) {
                tally.connected();
                write(peer.out(), ask, tally);
                peer.out().flush();
                HostilePeers.awaitClosed(peer.tcp(), java.time.Duration.ofDays(1));
            }
        }
    },
    /**
     * 10,000 {@code Scamp.sink} requests whose bodies never end (HEADER and one DATA, no EOF),
     * replies read and thrown away; then the peer holds the connection until the service closes it.
     */
    OPEN_REQUESTS {
        @Override
        void once(Endpoint target, Tally tally, StopSignal stop) throws IOException {
            try (Peer peer = stop.track(HostilePeers.connect(target))) {
                tally.connected();
                CompletableFuture<Long> drained = HostilePeers.onThread("soak-drain", () -> drain(peer.in()));
                OutputStream out = peer.out();
                for (int msgNo = 0; msgNo < 10_000 && !stop.isSet(); msgNo++) {
                    write(out, HostilePeers.requestHeader(msgNo, "Scamp.sink", msgNo + 1L), tally);
                    write(out, HostilePeers.packet("DATA", msgNo, new byte[1]), tally);
                }
                out.flush();
                awaitQuietly(drained);
            }
        }
    },
    /** 32 TCP connections that send half a ClientHello and never finish the handshake. */
    HANDSHAKE_NEVER_FINISHES {
        @Override
        void once(Endpoint target, Tally tally, StopSignal stop) throws IOException {
            byte[] hello = HostilePeers.clientHello(target.host(), target.port());
            byte[] half = Arrays.copyOf(hello, hello.length / 2);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 32 && !stop.isSet(); i++) {
                    Socket socket = stop.track(new Socket(target.host(), target.port()));
                    sockets.add(socket);
                    tally.connected();
                    write(socket.getOutputStream(), half, tally);
                }
                for (Socket socket : sockets) {
                    HostilePeers.awaitClosed(socket, java.time.Duration.ofDays(1));
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    },
    /** A framing or header violation on a fresh TLS connection, then a wait for the service to close it. */
    MALFORMED {
        private final byte[][] violations = {
            ascii("DATA 0 " + "1".repeat(60)),
            ascii("HEADER 0 99999999999999\r\n"),
            HostilePeers.packet("HEADER", 0, "{not json!]"),
            HostilePeers.packet("HEADER", 0, "[1,2,3]"),
            ascii("PING 0 0\nEND\r\n"),
            ascii("BOGUS 0 0\r\nEND\r\n"),
        };

        @Override
        void once(Endpoint target, Tally tally, StopSignal stop) throws IOException {
            try (Peer peer = stop.track(HostilePeers.connect(target))) {
                long n = tally.connected();
                write(peer.out(), violations[(int) (n % violations.length)], tally);
                peer.out().flush();
                HostilePeers.awaitClosed(peer.tcp(), java.time.Duration.ofDays(1));
            }
        }
    };

    /**
     * Runs the script on one new connection until the service ends it or {@code stop} is set.
     *
     * @param target the attacked service
     * @param tally where to count connections and bytes
     * @param stop the soak's end
     * @throws IOException when the service closes or resets the connection (the usual end)
     */
    abstract void once(Endpoint target, Tally tally, StopSignal stop) throws IOException;

    private static void floodUnread(Endpoint target, Tally tally, StopSignal stop, byte[] prologue,
            java.util.function.Supplier<byte[]> next) throws IOException {
        try (Peer peer = stop.track(HostilePeers.connect(target))) {
            tally.connected();
            OutputStream out = peer.out();
            write(out, prologue, tally);
            while (!stop.isSet()) {
                write(out, next.get(), tally);
            }
        }
    }

    private static void write(OutputStream out, byte[] bytes, Tally tally) throws IOException {
        out.write(bytes);
        tally.pushed(bytes.length);
    }

    private static long drain(InputStream in) {
        byte[] sink = new byte[64 * 1024];
        long total = 0;
        try {
            for (int n = in.read(sink); n >= 0; n = in.read(sink)) {
                total += n;
            }
        } catch (IOException closed) {
            // the service or the soak's end closed it: done
        }
        return total;
    }

    private static void awaitQuietly(CompletableFuture<?> done) {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException cannotHappen) {
            // drain catches its own failures
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
