package io.scamp.cli;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The bytes one {@code scamp request} has moved and how they read on its progress line:
 * {@code up 1.5 MiB/3.0 MiB 50% 12.0 MiB/s ETA 0.1 s | down 1.2 MiB 10.0 MiB/s | 0.2 s}.
 * Up is the request body handed to the connection (its size, percentage and ETA when known in
 * advance), down the reply body received; rates are averages since the start; a restarted
 * upload (a retry elsewhere) counts from zero again. Counting is thread-safe; the clock is
 * injected ({@link System#nanoTime} in the command).
 */
final class TransferProgress {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final long NANOS = 1_000_000_000L;

    private final LongSupplier clock;
    private final long started;
    private final long upTotal;
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();

    /**
     * @param clock nanoseconds, as {@link System#nanoTime}
     * @param upTotal the request body's size, or -1 when it is not known in advance
     */
    TransferProgress(LongSupplier clock, long upTotal) {
        this.clock = clock;
        this.started = clock.getAsLong();
        this.upTotal = upTotal;
    }

    void up(long bytes) {
        up.addAndGet(bytes);
    }

    void down(long bytes) {
        down.addAndGet(bytes);
    }

    /** The request body is being read again from its start. */
    void restartUpload() {
        up.set(0);
    }

    /** The line redrawn while the transfer runs. */
    String line() {
        long elapsed = elapsedNanos();
        long sent = up.get();
        StringBuilder line = new StringBuilder(96).append("up ").append(size(sent));
        if (upTotal >= 0) {
            line.append('/').append(size(upTotal)).append(' ').append(percent(sent, upTotal)).append('%');
        }
        line.append(' ').append(rate(sent, elapsed));
        if (upTotal > sent && sent > 0) {
            line.append(" ETA ").append(duration((long) ((double) (upTotal - sent) * elapsed / sent)));
        }
        long received = down.get();
        return line.append(" | down ").append(size(received)).append(' ').append(rate(received, elapsed))
                .append(" | ").append(duration(elapsed)).toString();
    }

    /** The last line: what moved each way, exactly, and how fast. */
    String totals() {
        long elapsed = elapsedNanos();
        long sent = up.get();
        long received = down.get();
        return "total: up " + size(sent) + " (" + sent + " bytes), down " + size(received) + " (" + received + " bytes) in "
                + duration(elapsed) + ", " + rate(sent, elapsed) + " up, " + rate(received, elapsed) + " down";
    }

    private long elapsedNanos() {
        return Math.max(0, clock.getAsLong() - started);
    }

    /** {@code 512 B}, {@code 1.5 KiB}, ... {@code 2.0 GiB}: binary units, one decimal past bytes. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** The average rate of {@code bytes} over {@code nanos}; {@code - B/s} before any time has passed. */
    static String rate(long bytes, long nanos) {
        if (nanos <= 0) {
            return "- B/s";
        }
        return size((long) (bytes * (double) NANOS / nanos)) + "/s";
    }

    /** {@code 4.2 s} under 10 s, {@code 42 s} under a minute, then {@code 4:02} and {@code 1:04:02}. */
    static String duration(long nanos) {
        if (nanos < 10 * NANOS) {
            return String.format(Locale.ROOT, "%.1f s", nanos / (double) NANOS);
        }
        long seconds = nanos / NANOS;
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** Whole percent done, 100 only when all is. */
    static int percent(long done, long total) {
        if (total <= 0 || done >= total) {
            return 100;
        }
        return (int) Math.min(99, done * 100.0 / total);
    }
}
