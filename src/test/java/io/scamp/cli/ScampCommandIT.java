package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.ScampJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code scamp} command as other tools use it: {@code serve} and {@code request} as
 * separate processes (the same main class {@code bin/scamp} runs), checking output and exit codes.
 */
class ScampCommandIT {
    @TempDir
    static Path dir;

    private static Process server;
    private static JsonNode listening;

    @BeforeAll
    static void startServer() throws Exception {
        server = scamp(List.of("serve", "--name", "cli-it")).start();
        String line = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("listening line").isNotNull();
        listening = ScampJson.mapper().readTree(line);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy(); // SIGTERM
            boolean exited = server.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                server.destroyForcibly();
            }
            assertThat(exited).as("serve exits on SIGTERM").isTrue();
            assertThat(server.exitValue()).as("serve exit code after SIGTERM").isZero();
        }
    }

    @Test
    void serveAnnouncesItselfInExactlyOneJsonLine() {
        assertThat(listening.get("event").asText()).isEqualTo("listening");
        assertThat(listening.get("address").asText()).matches("beepish\\+tls://127\\.0\\.0\\.1:30[1-3]\\d\\d");
        assertThat(listening.get("fingerprint").asText()).matches("([0-9A-F]{2}:){19}[0-9A-F]{2}");
        assertThat(listening.get("ident").asText()).startsWith("cli-it:");
        assertThat(listening.size()).isEqualTo(4);
    }

    @Test
    void echoStreamsAFileBackByteForByte() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        Path file = dir.resolve("echo.bin");
        Files.write(file, data);

        Result r = request("Scamp.echo", "--data-file", file.toString());

        assertThat(r.exit).isZero();
        assertThat(r.stdout).isEqualTo(data);
    }

    @Test
    void echoReadsStdin() throws Exception {
        Result r = run(scamp(withTarget("request", "Scamp.echo", "--data-file", "-")), "from stdin".getBytes(StandardCharsets.UTF_8));

        assertThat(r.exit).isZero();
        assertThat(new String(r.stdout, StandardCharsets.UTF_8)).isEqualTo("from stdin");
    }

    @Test
    void sourceProducesThePattern() throws Exception {
        Result r = request("Scamp.source", "--data", "{\"bytes\":200000}");

        assertThat(r.exit).isZero();
        assertThat(r.stdout).hasSize(200_000);
        for (int i = 0; i < r.stdout.length; i++) {
            if (r.stdout[i] != (byte) (i % 251)) {
                throw new AssertionError("byte " + i + " is " + r.stdout[i]);
            }
        }
    }

    @Test
    void sinkRepliesSizeAndSha256() throws Exception {
        Result r = request("Scamp.sink", "--data", "hello");

        assertThat(r.exit).isZero();
        JsonNode reply = ScampJson.mapper().readTree(r.stdout);
        assertThat(reply.get("bytes").asLong()).isEqualTo(5);
        assertThat(reply.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest("hello".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void remoteErrorExitsThreeWithCodeAndText() throws Exception {
        Result r = request("No.such.action", "--data", "{}");

        assertThat(r.exit).isEqualTo(3);
        assertThat(r.stderr).startsWith("not_found: ");
    }

    @Test
    void transportFailureExitsFour() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Result r = run(scamp(List.of("request", "Scamp.echo", "--address", "beepish+tls://127.0.0.1:" + closedPort)), null);

        assertThat(r.exit).isEqualTo(4);
    }

    @Test
    void wrongFingerprintExitsFourShowingBoth() throws Exception {
        String wrong = "AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA";
        Result r = run(scamp(List.of("request", "Scamp.echo", "--address", listening.get("address").asText(), "--fingerprint", wrong)), null);

        assertThat(r.exit).isEqualTo(4);
        assertThat(r.stderr).contains(wrong).contains(listening.get("fingerprint").asText());
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(ScampCommand.execute("request")).as("missing ACTION").isEqualTo(2);
        assertThat(ScampCommand.execute("request", "Scamp.echo", "--fingerprint", "AA:BB")).as("--fingerprint without --address").isEqualTo(2);
        assertThat(ScampCommand.execute("request", "Scamp.echo", "--address", "http://x:1")).as("bad address").isEqualTo(2);
        assertThat(ScampCommand.execute("request", "Scamp.echo", "--address", "beepish+tls://127.0.0.1:1", "--data", "x", "--data-file", "y"))
                .as("both bodies").isEqualTo(2);
        assertThat(ScampCommand.execute("request", "Scamp.echo", "--address", "beepish+tls://127.0.0.1:1", "--data-file", dir.resolve("none").toString()))
                .as("unreadable file").isEqualTo(2);
        assertThat(ScampCommand.execute("serve", "--cert", "x.crt")).as("cert without key").isEqualTo(2);
        assertThat(ScampCommand.execute("nonsense")).isEqualTo(2);
        assertThat(ScampCommand.execute()).isEqualTo(2);
    }

    @Test
    void binScampRunsTheSameMainClassAndHonoursJavaOpts() throws IOException {
        String script = Files.readString(Path.of("bin/scamp"));

        assertThat(script).contains("io.scamp.cli.ScampCommand").contains("${JAVA_OPTS:-}").contains("exec java");
        assertThat(Files.isExecutable(Path.of("bin/scamp"))).isTrue();
    }

    private static List<String> withTarget(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--address", listening.get("address").asText(), "--fingerprint", listening.get("fingerprint").asText()));
        return all;
    }

    private static Result request(String action, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("request", action));
        all.addAll(List.of(args));
        return run(scamp(withTarget(all.toArray(String[]::new))), null);
    }

    private static ProcessBuilder scamp(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "io.scamp.cli.ScampCommand"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SCAMP_STATE_DIR", dir.resolve("state").toString());
        return pb;
    }

    private static Result run(ProcessBuilder pb, byte[] stdin) throws Exception {
        Process p = pb.start();
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("request finished").isTrue();
            return new Result(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Result(int exit, byte[] stdout, String stderr) {
    }
}
