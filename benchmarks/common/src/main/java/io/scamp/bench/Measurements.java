package io.scamp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * The measurements every system goes through, driven through its {@link Workload}, each
 * printed as a {@link Figure} line: small calls at concurrency 1, 64, 256 (requests/s, p50,
 * p99); bulk upload and download (MB/s, peak heap); small-call p99 while a bulk transfer
 * shares the connection; 10,000 calls in flight; many connections. In an RTT sweep
 * ({@link Rtt}), only the figures of the sweep ({@link #sweep}).
 */
public final class Measurements {
    private static final byte[] SMALL = new byte[64];

    private Measurements() {
    }

    public static void run(Workload w, Params p) throws Exception {
        List<Figure> figures = new ArrayList<>();
        if (Rtt.sweep()) {
            sweep(w, p, figures, Rtt.suffix());
            return;
        }
        if (w.supportsCalls()) {
            calls(w, 64, p.warmup());
            for (int c : new int[] {1, 64, 256}) {
                Histogram h = calls(w, c, p.callDuration());
                emit(figures, new Figure("rr_c" + c + "_rps", w.system(), h.getTotalCount() / seconds(p.callDuration()), "req/s"));
                emit(figures, new Figure("rr_c" + c + "_p50", w.system(), h.getValueAtPercentile(50) / 1000.0, "us"));
                emit(figures, new Figure("rr_c" + c + "_p99", w.system(), h.getValueAtPercentile(99) / 1000.0, "us"));
            }
        }
        bulk(w, p, figures);
        if (w.supportsCalls()) {
            underLoad(w, p, figures);
            inFlight(w, p, figures);
        }
        long t0 = System.nanoTime();
        int ok = w.connections(p.connections());
        if (ok >= 0) {
            emit(figures, new Figure("conn" + p.connections() + "_ok", w.system(), ok, "count"));
            emit(figures, new Figure("conn" + p.connections() + "_seconds", w.system(), (System.nanoTime() - t0) / 1e9, "s"));
        }
    }

    /**
     * The figures of one RTT of the sweep, names ending in {@code suffix} ({@code _rtt2}): bulk
     * upload and download (MB/s), peak heap, the window each transfer ended with (when the
     * system reports it), and the p99 of small calls on an idle connection and on one carrying
     * back-to-back downloads, and their ratio.
     */
    private static void sweep(Workload w, Params p, List<Figure> figures, String suffix) throws Exception {
        if (w.supportsCalls()) {
            calls(w, 16, p.warmup()); // JIT warm-up of the call path, as before the small-call figures
        }
        bulk(w, p, figures, suffix, true);
        if (w.supportsCalls()) {
            underLoad(w, p, figures, suffix, true);
        }
    }

    /** Only the bulk figures (upload, download, peak heap), their names ending in {@code suffix}. */
    public static void bulk(Workload w, Params p, String suffix) throws Exception {
        List<Figure> figures = new ArrayList<>();
        bulk(w, p, figures, suffix);
    }

    private static void bulk(Workload w, Params p, List<Figure> figures) throws Exception {
        bulk(w, p, figures, "");
    }

    private static void bulk(Workload w, Params p, List<Figure> figures, String suffix) throws Exception {
        bulk(w, p, figures, suffix, false);
    }

    private static void bulk(Workload w, Params p, List<Figure> figures, String suffix, boolean windows) throws Exception {
        warmUpBulk(w, p.bulkBytes() / 8, p.warmup());
        resetPeaks();
        long t0 = System.nanoTime();
        Long up = w.upload(p.bulkBytes());
        if (up != null) {
            emit(figures, new Figure("upload_MBps" + suffix, w.system(), up / 1e6 / ((System.nanoTime() - t0) / 1e9), "MB/s"));
            if (windows) {
                window(w, figures, "upload_window_end" + suffix);
            }
        }
        t0 = System.nanoTime();
        Long down = w.download(p.bulkBytes());
        if (down != null) {
            emit(figures, new Figure("download_MBps" + suffix, w.system(), down / 1e6 / ((System.nanoTime() - t0) / 1e9), "MB/s"));
            if (windows) {
                window(w, figures, "download_window_end" + suffix);
            }
        }
        emit(figures, new Figure("bulk_peak_heap" + suffix, w.system(), peakHeap() / 1e6, "MB"));
    }

    /**
     * JIT warm-up before bulk figures, the same for every system: uploads and downloads of
     * {@code bytes} each, alternately, until {@code duration} has passed (at least one of
     * each). A single short transfer left the compilers busy through the measured one (C2
     * took a fifth of the CPU of a 1 GiB run), which penalised the system with more code to
     * compile rather than measuring its steady state.
     */
    static void warmUpBulk(Workload w, long bytes, java.time.Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        do {
            w.upload(bytes);
            w.download(bytes);
        } while (System.nanoTime() - end < 0);
    }

    private static void window(Workload w, List<Figure> figures, String name) {
        OptionalLong window = w.lastWindow();
        if (window.isPresent()) {
            emit(figures, new Figure(name, w.system(), window.getAsLong() / 1024.0, "KiB"));
        }
    }

    private static void underLoad(Workload w, Params p, List<Figure> figures) throws Exception {
        underLoad(w, p, figures, "", false);
    }

    static void underLoad(Workload w, Params p, List<Figure> figures, String suffix, boolean withIdle) throws Exception {
        Histogram idle = calls(w, 1, p.callDuration());
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread bulk = new Thread(() -> {
            while (loading.get()) {
                try {
                    w.download(p.bulkBytes() / 4);
                } catch (Exception e) {
                    return;
                }
            }
        }, "bulk-load");
        bulk.start();
        Histogram busy = calls(w, 1, p.callDuration());
        loading.set(false);
        bulk.join();
        if (withIdle) {
            emit(figures, new Figure("idle_p99" + suffix, w.system(), idle.getValueAtPercentile(99) / 1000.0, "us"));
        }
        emit(figures, new Figure("busy_p99" + suffix, w.system(), busy.getValueAtPercentile(99) / 1000.0, "us"));
        emit(figures, new Figure("busy_vs_idle_p99" + suffix, w.system(),
                (double) busy.getValueAtPercentile(99) / Math.max(1, idle.getValueAtPercentile(99)), "x"));
    }

    private static void inFlight(Workload w, Params p, List<Figure> figures) throws Exception {
        CountDownLatch done = new CountDownLatch(p.inFlight());
        AtomicLong failed = new AtomicLong();
        long t0 = System.nanoTime();
        for (int i = 0; i < p.inFlight(); i++) {
            w.echo(SMALL, e -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
                done.countDown();
            });
        }
        boolean all = done.await(120, TimeUnit.SECONDS);
        double s = (System.nanoTime() - t0) / 1e9;
        emit(figures, new Figure("inflight" + p.inFlight() + "_ok", w.system(), all ? p.inFlight() - failed.get() : 0, "count"));
        emit(figures, new Figure("inflight" + p.inFlight() + "_seconds", w.system(), s, "s"));
    }

    /** Keeps {@code concurrency} calls going for {@code duration}; returns their latencies in ns. */
    static Histogram calls(Workload w, int concurrency, java.time.Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch loops = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            next(w, recorder, end, loops);
        }
        loops.await(duration.toSeconds() + 120, TimeUnit.SECONDS);
        return recorder.getIntervalHistogram();
    }

    private static void next(Workload w, Recorder recorder, long end, CountDownLatch loops) {
        long start = System.nanoTime();
        if (start >= end) {
            loops.countDown();
            return;
        }
        w.echo(SMALL, e -> {
            if (e == null) {
                recorder.recordValue(Math.max(1, System.nanoTime() - start));
                next(w, recorder, end, loops);
            } else {
                System.err.println(w.system() + ": call failed: " + e);
                loops.countDown();
            }
        });
    }

    private static void emit(List<Figure> figures, Figure f) {
        figures.add(f);
        System.out.println(f.line());
        System.out.flush();
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
