package io.scamp.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Logging for the command: everything to stderr (stdout carries data), warnings and up, one
 * line per record. {@code SCAMP_LOG=FINE} (or another {@link Level} name) shows more.
 */
final class CliLogging {
    private CliLogging() {
    }

    static void configure() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        Level level = Level.WARNING;
        String requested = System.getenv("SCAMP_LOG");
        if (requested != null) {
            try {
                level = Level.parse(requested.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // keep the default
            }
        }
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler stderr = new ConsoleHandler();
        stderr.setFormatter(new SimpleFormatter());
        stderr.setLevel(level);
        root.addHandler(stderr);
        root.setLevel(level);
    }
}
