package io.scamp.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delay proxy in front of a plain echo server: delays as asked, order and bytes kept, memory bounded. A few seconds. */
class DelayProxyTest {
    private ServerSocket echo;
    private Thread echoThread;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    s.setTcpNoDelay(true);
                    Thread t = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        echoThread.setDaemon(true);
        echoThread.start();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    private InetSocketAddress target() {
        return new InetSocketAddress("127.0.0.1", echo.getLocalPort());
    }

    /** Median round trip of one byte, in ns, through {@code address}. */
    private static long medianPing(InetSocketAddress address, int n) throws IOException {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setTcpNoDelay(true);
            long[] rtts = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                s.getOutputStream().write(i);
                assertEquals(i & 0xff, s.getInputStream().read());
                rtts[i] = System.nanoTime() - t0;
            }
            Arrays.sort(rtts);
            return rtts[n / 2];
        }
    }

    @Test
    void delaysEachDirectionByTheOneWayDelay() throws Exception {
        long direct = medianPing(target(), 50);
        for (long oneWayMicros : new long[] {250, 1000}) {
            try (DelayProxy proxy = new DelayProxy(target(), oneWayMicros * 1000, DelayProxy.DEFAULT_BOUND, 1)) {
                long rtt = medianPing(proxy.address(), 50);
                long late = proxy.stats().up().lateness().getValueAtPercentile(50);
                System.out.printf("one way %d us: median RTT %d us (direct %d us), released late by %d us (median)%n", oneWayMicros,
                        rtt / 1000, direct / 1000, late / 1000);
                assertTrue(rtt >= 2 * oneWayMicros * 1000, "round trip " + rtt + " ns shorter than twice the delay");
                // Sub-millisecond timing: epoll's timerfd, not a millisecond select, which would release 250 us
                // chunks 750 us late. What is left is the machine's wake-up latency (~0.1 ms on a loaded VM).
                assertTrue(late < 500_000, "released " + late + " ns late (median)");
                assertTrue(rtt - 2 * oneWayMicros * 1000 < 1_500_000 + 2 * direct, "round trip " + rtt + " ns");
            }
        }
    }

    @Test
    void keepsBytesInOrderAndHoldsAtMostTheBound() throws Exception {
        long bound = 1 << 20;
        int total = 48 << 20;
        byte[] data = new byte[total];
        new Random(42).nextBytes(data);
        try (DelayProxy proxy = new DelayProxy(target(), 2_000_000, bound, 1);
                Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < total; off += 100_000) {
                        out.write(data, off, Math.min(100_000, total - off)); // odd sizes: chunks do not line up with reads
                    }
                    out.flush();
                } catch (IOException e) {
                    failed.set(e);
                }
            });
            writer.start();
            byte[] back = new byte[total];
            long t0 = System.nanoTime();
            new DataInputStream(s.getInputStream()).readFully(back);
            double seconds = (System.nanoTime() - t0) / 1e9;
            writer.join();
            assertEquals(null, failed.get());
            assertArrayEquals(data, back);
            long peak = Math.max(proxy.stats().up().peakHeld(), proxy.stats().down().peakHeld());
            System.out.printf("48 MiB echoed through 2 ms one way, 1 MiB bound: %.0f MB/s each way, held at most %d KiB%n",
                    total / 1e6 / seconds, peak >> 10);
            // Over the bound by at most one read (256 KiB) before reading pauses.
            assertTrue(peak <= bound + (256 << 10), "held " + peak + " bytes with a bound of " + bound);
            // Bounded: at most about bound / delay (500 MB/s) per direction.
            assertTrue(total / seconds < 1.2 * bound / 0.002, (total / seconds) + " B/s through a bound of " + bound);
            assertEquals(total, proxy.stats().up().bytes());
        }
    }
}
