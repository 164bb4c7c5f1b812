package io.scamp.bench;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the library's adaptive windows through its TRACE log records
 * ({@code io.scamp.connection.AdaptiveWindow}: "window A -> B, unacked U, ..."), which reach
 * java.util.logging through slf4j-jdk14 as FINEST: keeps the last window, and writes each
 * change to the {@code -Dbench.window_trace} file when one is asked for.
 */
final class WindowWatch extends Handler {
    private static final Pattern CHANGE = Pattern.compile("window (\\d+) -> (\\d+), unacked (\\d+)");
    /** Kept here so java.util.logging does not forget the configured logger. */
    private static final Logger LOGGER = Logger.getLogger("io.scamp.connection.AdaptiveWindow");
    static final WindowWatch INSTANCE = new WindowWatch();

    private final AtomicLong last = new AtomicLong(-1);
    private final WindowTrace trace;

    private WindowWatch() {
        WindowTrace opened = null;
        try {
            opened = WindowTrace.open();
        } catch (IOException e) {
            System.err.println("cannot write the window trace: " + e);
        }
        trace = opened;
        setLevel(Level.ALL);
        LOGGER.setLevel(Level.FINEST);
        LOGGER.setUseParentHandlers(false);
        LOGGER.addHandler(this);
    }

    /** Starts watching (class initialisation does it). */
    static void install() {
        INSTANCE.getClass();
    }

    OptionalLong last() {
        long value = last.get();
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @Override
    public void publish(LogRecord record) {
        Matcher m = CHANGE.matcher(String.valueOf(record.getMessage()));
        if (m.find()) {
            long window = Long.parseLong(m.group(2));
            last.set(window);
            if (trace != null) {
                trace.record(window, Long.parseLong(m.group(3)));
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        if (trace != null) {
            try {
                trace.close();
            } catch (IOException e) {
                System.err.println("cannot finish the window trace: " + e);
            }
        }
    }
}
