package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@code bin/scamp} itself (its terminal detection included) on the test class path
 * ({@code SCAMP_CLASSPATH}), with pipes for stdout and stderr, or under a pseudo-terminal:
 * util-linux {@code script} runs a shell line with stdin, stdout and stderr on a new pty and
 * copies what the pty shows to its own stdout.
 */
final class BinScamp {
    private static final Path SCRIPT = Path.of("bin", "scamp").toAbsolutePath();

    private BinScamp() {
    }

    /** What one run gave: for a pty, {@code stdout} is what the terminal showed. */
    record Result(int exit, byte[] stdout, String stderr) {
        String shown() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** {@code bin/scamp ARGS} with pipes: neither stdout nor stderr is a terminal. */
    static Result run(Path stateDir, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(args);
        return run(stateDir, env, new ProcessBuilder(command));
    }

    /**
     * {@code bin/scamp ARGS} on a pseudo-terminal, followed by {@code redirect} (shell syntax,
     * e.g. {@code > file}, or empty to leave stdout on the terminal too).
     */
    static Result onTerminal(Path stateDir, List<String> args, String redirect) {
        String line = quote(SCRIPT.toString()) + " " + args.stream().map(BinScamp::quote).collect(Collectors.joining(" ")) + " " + redirect;
        return run(stateDir, Map.of(), new ProcessBuilder("script", "-qfec", line, "/dev/null"));
    }

    private static Result run(Path stateDir, Map<String, String> env, ProcessBuilder pb) {
        pb.environment().put("SCAMP_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("SCAMP_STATE_DIR", stateDir.toString());
        pb.environment().put("JAVA_OPTS", "-Xmx64m");
        pb.environment().remove("SCAMP_LOG");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", pb.command()).isTrue();
            return new Result(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("running " + pb.command(), e);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
