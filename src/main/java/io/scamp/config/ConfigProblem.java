package io.scamp.config;

import java.nio.file.Path;

/**
 * A line of a configuration file that could not be used: which file, which line, and why.
 *
 * @param file the configuration file, or {@code null} for text parsed without one
 * @param line the line number, from 1
 * @param reason why the line was skipped
 */
public record ConfigProblem(Path file, int line, String reason) {
    /**
     * The problem as {@code file:line: reason}, as compilers print them.
     *
     * @return the problem, for a log line
     */
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
