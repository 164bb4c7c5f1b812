package io.scamp.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The window over time of one transfer, as CSV with the header {@value #HEADER}: milliseconds
 * since the transfer started (fractions allowed), the sender's window and its unacknowledged
 * bytes at that moment, one row per change or sample. A runner writes it to the file named by
 * {@code -Dbench.window_trace} ({@link #open}); {@code benchmarks/run --rtt} draws
 * {@code results/window-trace.csv} as {@code results/window-over-time.svg} when it exists
 * ({@link Charts#windowOverTime}).
 */
public final class WindowTrace implements AutoCloseable {
    public static final String HEADER = "millis,window_bytes,unacked_bytes";

    private final BufferedWriter out;
    private final long start = System.nanoTime();

    private WindowTrace(Path file) throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(HEADER);
        out.newLine();
    }

    /** The trace asked for with {@code -Dbench.window_trace=FILE}, or null when none was. */
    public static WindowTrace open() throws IOException {
        String file = System.getProperty("bench.window_trace");
        return file == null ? null : new WindowTrace(Path.of(file));
    }

    /** One row: now, {@code windowBytes}, {@code unackedBytes}. Any thread. */
    public synchronized void record(long windowBytes, long unackedBytes) {
        try {
            out.write(String.format(Locale.ROOT, "%.3f,%d,%d", (System.nanoTime() - start) / 1e6, windowBytes, unackedBytes));
            out.newLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** The rows of a trace file: {millis, window_bytes, unacked_bytes}; the header and malformed lines skipped. */
    static List<double[]> read(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split(",");
            if (f.length < 3) {
                continue;
            }
            try {
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            } catch (NumberFormatException e) {
                // the header, or a broken line
            }
        }
        return rows;
    }
}
