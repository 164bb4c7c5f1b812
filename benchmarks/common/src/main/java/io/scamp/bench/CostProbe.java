package io.scamp.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * What a small call, or a byte of bulk, costs one system: for A/B work on the hot path, run
 * through {@code benchmarks/ab}. Besides requests/s and p99 (or MB/s) it reports the
 * process's CPU time and heap allocation per call (or CPU per byte), which move much less
 * than throughput from run to run on a shared machine. Runs in a runner's JVM; arguments:
 * {@code RUNNER_CLASS calls CONCURRENCY SECONDS}, {@code RUNNER_CLASS bulk MIB}, or
 * {@code RUNNER_CLASS busy SECONDS}: the p99 of one call at a time on an idle connection and on
 * one carrying back-to-back downloads, as {@code benchmarks/run} measures it, alone.
 */
public final class CostProbe {
    private CostProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Workload w = create(args[0])) {
            if (args[1].equals("calls")) {
                calls(w, Integer.parseInt(args[2]), Duration.ofSeconds(Long.parseLong(args[3])));
            } else if (args[1].equals("busy")) {
                Duration d = Duration.ofSeconds(Long.parseLong(args[2]));
                Measurements.calls(w, 16, Duration.ofSeconds(3)); // JIT warm-up
                Measurements.underLoad(w, new Params(true, d, d, 256L << 20, 0, 0), new java.util.ArrayList<>(), "", true);
            } else {
                bulk(w, Long.parseLong(args[2]) << 20);
            }
        }
        System.exit(0);
    }

    /**
     * The runner: this library's takes its window ({@code -Dbench.window}; without it, 0: none
     * set, the library's default), the peers take nothing. With {@code -Dbench.rtt_ms} the
     * runner puts the delay proxy in front of its server ({@link Rtt}).
     */
    private static Workload create(String className) throws Exception {
        Class<?> type = Class.forName(className);
        try {
            Constructor<?> withWindow = type.getDeclaredConstructor(int.class);
            withWindow.setAccessible(true);
            return (Workload) withWindow.newInstance(Integer.getInteger("bench.window", 0));
        } catch (NoSuchMethodException e) {
            Constructor<?> plain = type.getDeclaredConstructor();
            plain.setAccessible(true);
            return (Workload) plain.newInstance();
        }
    }

    private static void calls(Workload w, int concurrency, Duration duration) throws Exception {
        Measurements.calls(w, 64, Duration.ofSeconds(3)); // JIT warm-up
        Usage start = Usage.start();
        Histogram h = Measurements.calls(w, concurrency, duration);
        Usage used = start.now().since(start);
        long n = Math.max(1, h.getTotalCount());
        print("rps", w, n / (duration.toNanos() / 1e9), "req/s");
        print("p99", w, h.getValueAtPercentile(99) / 1000.0, "us");
        print("cpu_per_call", w, used.cpuNanos / 1000.0 / n, "us");
        print("alloc_per_call", w, used.allocatedBytes / (double) n, "B");
    }

    private static void bulk(Workload w, long bytes) throws Exception {
        Measurements.warmUpBulk(w, bytes / 4, Duration.ofSeconds(5));
        Usage start = Usage.start();
        long t0 = System.nanoTime();
        Long up = w.upload(bytes);
        long t1 = System.nanoTime();
        Usage afterUpload = start.now();
        Long down = w.download(bytes);
        long t2 = System.nanoTime();
        Usage afterDownload = start.now();
        if (up != null) {
            print("upload_MBps", w, up / 1e6 / ((t1 - t0) / 1e9), "MB/s");
            print("upload_cpu_per_byte", w, afterUpload.since(start).cpuNanos / (double) up, "ns");
        }
        if (down != null) {
            print("download_MBps", w, down / 1e6 / ((t2 - t1) / 1e9), "MB/s");
            print("download_cpu_per_byte", w, afterDownload.since(afterUpload).cpuNanos / (double) down, "ns");
        }
    }

    private static void print(String name, Workload w, double value, String unit) {
        System.out.println(new Figure(name, w.system(), value, unit).line());
    }

    /** CPU time of the whole process, and bytes allocated so far by the threads alive when {@link #start} ran. */
    private record Usage(long cpuNanos, long allocatedBytes, long[] threads) {
        static Usage start() {
            return measure(((ThreadMXBean) ManagementFactory.getThreadMXBean()).getAllThreadIds());
        }

        /** The same measures now, over the same threads. */
        Usage now() {
            return measure(threads);
        }

        Usage since(Usage earlier) {
            return new Usage(cpuNanos - earlier.cpuNanos, allocatedBytes - earlier.allocatedBytes, threads);
        }

        private static Usage measure(long[] ids) {
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long cpu = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            return new Usage(cpu, Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum(), ids);
        }
    }
}
