package io.scamp.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code scamp} command in this JVM with its own stdin and captured stdout and stderr. */
final class InProcess {
    private InProcess() {
    }

    /** What one run gave. */
    record Result(int exit, String stdout, String stderr) {
    }

    static Result run(String... args) {
        return run(new byte[0], args);
    }

    static Result run(byte[] stdin, String... args) {
        return run(Terminals.NONE, stdin, args);
    }

    /** As if stdout and stderr were the {@code terminals} given (they are captured all the same). */
    static synchronized Result run(Terminals terminals, byte[] stdin, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin));
            int exit = ScampCommand.execute(terminals, args);
            return new Result(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }
}
