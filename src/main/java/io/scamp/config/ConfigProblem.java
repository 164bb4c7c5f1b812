package io.scamp.config;

import java.nio.file.Path;

/** A line of a configuration file that could not be used: which file, which line, and why. */
public record ConfigProblem(Path file, int line, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
