package io.scamp.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** A ticket given on the command line as text or as {@code @FILE}. */
final class TicketArgument {
    private TicketArgument() {
    }

    static String read(String argument, CommandLine.Model.CommandSpec spec) {
        if (!argument.startsWith("@")) {
            return argument.strip();
        }
        Path file = Path.of(argument.substring(1));
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read ticket file " + file + ": " + e.getMessage());
        }
    }
}
