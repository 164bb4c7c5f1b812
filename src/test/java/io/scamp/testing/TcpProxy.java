package io.scamp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy whose connections a test can cut, to simulate a network failure in the
 * middle of a stream, and which can hold each direction's bytes for a fixed delay, in order,
 * as a path with a round-trip time would (there is no {@code tc netem} here). Counts the bytes
 * it forwarded towards the target.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong forwardedUpstream = new AtomicLong();
    private final long delayNanos;
    /** Chunks held per direction at most (each up to 64 KiB): past it the reading side waits, as TCP would. */
    private static final int HELD_CHUNKS = 1024;

    public TcpProxy(int targetPort) throws IOException {
        this(targetPort, java.time.Duration.ZERO);
    }

    /** A proxy that forwards each direction {@code oneWayDelay} late (half the round trip it adds). */
    public TcpProxy(int targetPort, java.time.Duration oneWayDelay) throws IOException {
        this.targetPort = targetPort;
        this.delayNanos = oneWayDelay.toNanos();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Bytes forwarded from clients to the target so far. */
    public long forwardedUpstream() {
        return forwardedUpstream.get();
    }

    /** Closes every proxied connection abruptly (both sides see the connection drop). */
    public void cutAll() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(target);
                pump(client, target, forwardedUpstream);
                pump(target, client, new AtomicLong());
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter) {
        if (delayNanos > 0) {
            delayedPump(from, to, counter);
            return;
        }
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    counter.addAndGet(n);
                }
            } catch (IOException ignored) {
                // connection cut
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** A chunk read at {@code due} minus the delay; an empty one is the end of the stream. */
    private record Held(long due, byte[] bytes) {
    }

    /** One thread reads and stamps, another writes each chunk when it is due. */
    private void delayedPump(Socket from, Socket to, AtomicLong counter) {
        java.util.concurrent.BlockingQueue<Held> queue = new java.util.concurrent.LinkedBlockingQueue<>(HELD_CHUNKS);
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    queue.put(new Held(System.nanoTime() + delayNanos, java.util.Arrays.copyOf(buf, n)));
                }
                queue.put(new Held(System.nanoTime() + delayNanos, new byte[0]));
            } catch (IOException e) {
                queue.clear(); // cut: nothing more is due, and the writer closes the other side at once
                queue.offer(new Held(0, new byte[0]));
            } catch (InterruptedException ignored) {
                // the writer gave up and closed both sockets
            }
        }, "tcp-proxy-delay-read");
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Held h = queue.take();
                    for (long wait = h.due() - System.nanoTime(); wait > 0; wait = h.due() - System.nanoTime()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    if (h.bytes().length == 0) {
                        return;
                    }
                    out.write(h.bytes());
                    counter.addAndGet(h.bytes().length);
                }
            } catch (IOException | InterruptedException ignored) {
                // connection cut
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
                reader.interrupt(); // it may wait for room in the queue
            }
        }, "tcp-proxy-delay-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }
}
