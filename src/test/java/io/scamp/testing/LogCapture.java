package io.scamp.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The records one logger publishes while this is open (the library logs through SLF4J, which
 * the tests bind to java.util.logging: WARN arrives as WARNING, ERROR as SEVERE, DEBUG as
 * FINE), kept out of the build output: for tests that assert what the library logs. Closing
 * it restores the logger.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final boolean parentHandlers;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.parentHandlers = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
    }

    /** Starts capturing the logger named {@code name} (a class name, for the library's loggers). */
    public static LogCapture of(String name) {
        return new LogCapture(Logger.getLogger(name));
    }

    /** The records at {@code level} or above whose formatted text contains {@code text}. */
    public List<LogRecord> atLeast(Level level, String text) {
        synchronized (records) {
            return records.stream()
                    .filter(r -> r.getLevel().intValue() >= level.intValue())
                    .filter(r -> text(r).contains(text))
                    .toList();
        }
    }

    /** A record's message with its parameters filled in. */
    public static String text(LogRecord record) {
        return new SimpleFormatter().formatMessage(record);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
    }
}
