package io.scamp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which of stdout and stderr are terminals, for {@code scamp request}'s progress line. Java
 * cannot ask isatty(3) itself, so {@code bin/scamp} asks the shell ({@code [ -t 1 ]},
 * {@code [ -t 2 ]}) and passes the answers as {@code -Dscamp.stdout.terminal} and
 * {@code -Dscamp.stderr.terminal} ({@code true} or {@code false}). Without them (the main class
 * run by {@code java} directly) a stream counts as a terminal when Linux shows its file
 * descriptor open on a terminal device ({@code /proc/self/fd/N} links to {@code /dev/pts/*} or
 * {@code /dev/tty*}); elsewhere, as not one. {@link ScampCommand#execute(String...)} (tests,
 * embedding) assumes neither.
 *
 * @param stdout whether stdout is a terminal
 * @param stderr whether stderr is a terminal
 */
record Terminals(boolean stdout, boolean stderr) {
    static final Terminals NONE = new Terminals(false, false);
    static final String STDOUT_PROPERTY = "scamp.stdout.terminal";
    static final String STDERR_PROPERTY = "scamp.stderr.terminal";

    /** What this process's stdout and stderr are. */
    static Terminals detect() {
        return new Terminals(isTerminal(STDOUT_PROPERTY, 1), isTerminal(STDERR_PROPERTY, 2));
    }

    private static boolean isTerminal(String property, int fd) {
        String told = System.getProperty(property);
        if (told != null) {
            return Boolean.parseBoolean(told.trim());
        }
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // not Linux, or no /proc: not known to be one
        }
    }
}
