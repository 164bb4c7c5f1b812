package io.scamp.cli;

import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Logging for the command: the library, Netty and Reactor all log through SLF4J, bound here to
 * slf4j-simple writing one line per record to stderr (stdout carries data), warnings and up.
 * {@code SCAMP_LOG} chooses the level: an SLF4J name ({@code trace}, {@code debug},
 * {@code info}, {@code warn}, {@code error}, {@code off}) or a java.util.logging one as before
 * ({@code FINE}, {@code WARNING}, ...); anything else gets a warning and the default.
 */
final class CliLogging {
    static final String DEFAULT_LEVEL = "warn";
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final Map<String, String> JUL_NAMES = Map.of("SEVERE", "error", "WARNING", "warn", "INFO", "info",
            "CONFIG", "info", "FINE", "debug", "FINER", "trace", "FINEST", "trace", "ALL", "trace", "OFF", "off");

    private CliLogging() {
    }

    /** Sets slf4j-simple up from {@code SCAMP_LOG}; call before anything makes a logger. */
    static void configure() {
        configure(System.getenv("SCAMP_LOG"));
    }

    static void configure(String requested) {
        String level = level(requested);
        // The command's backend even where another provider is on the class path too (the tests'); -Dslf4j.provider still wins.
        setIfAbsent("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        setIfAbsent("slf4j.internal.verbosity", "WARN"); // not SLF4J's own line about the provider it was told to load
        setIfAbsent(PREFIX + "logFile", "System.err");
        setIfAbsent(PREFIX + "defaultLogLevel", level == null ? DEFAULT_LEVEL : level);
        setIfAbsent(PREFIX + "showDateTime", "true");
        setIfAbsent(PREFIX + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
        setIfAbsent(PREFIX + "showThreadName", "false");
        if (level == null) {
            LoggerFactory.getLogger(ScampCommand.class).warn("SCAMP_LOG={} is not a level (trace, debug, info, warn, error, off,"
                    + " or a java.util.logging name such as FINE): logging at {}", requested, DEFAULT_LEVEL);
        }
    }

    /** The slf4j-simple level for a {@code SCAMP_LOG} value; the default when unset, {@code null} when not a level. */
    static String level(String requested) {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_LEVEL;
        }
        String name = requested.trim();
        String jul = JUL_NAMES.get(name.toUpperCase(Locale.ROOT));
        if (jul != null) {
            return jul;
        }
        String slf4j = name.toLowerCase(Locale.ROOT);
        return switch (slf4j) {
            case "trace", "debug", "info", "warn", "error", "off" -> slf4j;
            default -> null;
        };
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
