package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's discovery quick start as it is written (the {@code sh} block after its
 * {@code QuickStartIT} marker) with bash from the project root, {@code bin/scamp} standing for
 * the command on the test class path, {@code mktemp} inside a temporary directory: list and
 * inspect the sample cache, serve with the fixture identity, announce it into a copy of the
 * cache, route a request to it by name, verify the sample ticket, stop the service.
 */
class QuickStartIT {
    private static final String MARKER = "<!-- QuickStartIT runs the next block";

    @TempDir
    Path dir;

    @Test
    void theReadmesDiscoveryQuickStartRunsAsWritten() throws Exception {
        Path scamp = dir.resolve("scamp");
        Files.writeString(scamp, "#!/usr/bin/env bash\nexec \"" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "\" -Xmx64m -cp \"$SCAMP_TEST_CLASSPATH\" io.scamp.cli.ScampCommand \"$@\"\n");
        Files.setPosixFilePermissions(scamp, PosixFilePermissions.fromString("rwx------"));
        Path script = dir.resolve("quickstart.sh");
        Files.writeString(script, quickStart().replace("bin/scamp ", "\"$SCAMP_COMMAND\" "));

        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", script.toString());
        pb.environment().put("SCAMP_COMMAND", scamp.toString());
        pb.environment().put("SCAMP_TEST_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("TMPDIR", dir.toString());
        pb.environment().put("SCAMP_STATE_DIR", dir.resolve("state").toString());
        pb.environment().remove("SCAMP_CONFIG");
        pb.environment().remove("SCAMP");
        Process p = pb.start();
        try {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the quick start finished").isTrue();
            String stdout = out.get();
            assertThat(p.exitValue()).as("stdout:\n" + stdout + "\nstderr:\n" + err.get()).isZero();

            assertThat(stdout).contains("3 services", "3 records, 3 verified, 0 failed", "4 services",
                    "sample-service:quickstart  beepish+tls://127.0.0.1:", "hello, SCAMP\n",
                    "valid: user 1001, client 7, issued 2026-01-01T00:00:00Z, expires 2035-12-30T00:00:00Z, privileges [1, 2]");
            assertThat(stdout).doesNotContain("main:Admin.purge");
            assertThat(err.get()).contains("announced sample-service:quickstart at beepish+tls://127.0.0.1:");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** The block after the marker in README.md. */
    private static String quickStart() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        int marker = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(MARKER)) {
                marker = i;
            }
        }
        assertThat(marker).as("README.md has the quick start marker").isNotNegative();
        assertThat(lines.get(marker + 1)).isEqualTo("```sh");
        StringBuilder block = new StringBuilder();
        for (int i = marker + 2; !lines.get(i).equals("```"); i++) {
            block.append(lines.get(i)).append('\n');
        }
        return block.toString();
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
