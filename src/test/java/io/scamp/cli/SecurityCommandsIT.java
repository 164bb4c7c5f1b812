package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.ScampJson;
import io.scamp.tls.ServiceIdentity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scamp keygen} and {@code scamp ticket sign|verify}, run in-process with captured output. */
class SecurityCommandsIT {
    private static final Path INTEROP = Path.of("../shared/fixtures/interop");

    @TempDir
    Path dir;

    @Test
    void keygenWritesAPairAndPrintsTheFingerprintAndItsAuthorizedServicesLine() throws Exception {
        Captured r = capture(() -> ScampCommand.execute("keygen", "--name", "billing", "--out", dir.toString()));

        assertThat(r.exit).isZero();
        ServiceIdentity identity = ServiceIdentity.fromPem(dir.resolve("billing.crt"), dir.resolve("billing.key"));
        assertThat(r.stdout.lines().toList()).containsExactly(identity.fingerprint(), identity.fingerprint() + " main:ALL");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("billing.key")))).isEqualTo("rw-------");
        assertThat(capture(() -> ScampCommand.execute("keygen", "--name", "billing", "--out", dir.toString())).exit)
                .as("refuses to overwrite").isEqualTo(2);
    }

    @Test
    void signedTicketsVerifyAndTheSharedOneDoesToo() throws Exception {
        ScampCommand.execute("keygen", "--name", "issuer", "--out", dir.toString());
        Path publicKey = dir.resolve("issuer.pub");
        ServiceIdentity issuer = ServiceIdentity.fromPem(dir.resolve("issuer.crt"), dir.resolve("issuer.key"));
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(issuer.publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");

        Captured signed = capture(() -> ScampCommand.execute("ticket", "sign", "--key", dir.resolve("issuer.key").toString(),
                "--user", "12", "--client", "3", "--ttl", "600", "--privs", "4+5"));
        assertThat(signed.exit).isZero();
        String ticket = signed.stdout.strip();
        Files.writeString(dir.resolve("t"), ticket + "\n");

        Captured verified = capture(() -> ScampCommand.execute("ticket", "verify", "--key", publicKey.toString(), "@" + dir.resolve("t"), "--json"));
        JsonNode json = ScampJson.mapper().readTree(verified.stdout);
        assertThat(verified.exit).isZero();
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("user_id").asLong()).isEqualTo(12);
        assertThat(json.get("client_id").asLong()).isEqualTo(3);
        assertThat(json.get("privileges").toString()).isEqualTo("[4,5]");

        Captured shared = capture(() -> ScampCommand.execute("ticket", "verify", "--key", INTEROP.resolve("ticket_verify_public_key.pem").toString(),
                "@" + INTEROP.resolve("processor-dispatch.token"), "--json"));
        assertThat(shared.exit).isZero();
        assertThat(ScampJson.mapper().readTree(shared.stdout).get("expires").asText()).isEqualTo("2028-03-22T09:39:31Z");

        Captured wrongKey = capture(() -> ScampCommand.execute("ticket", "verify", "--key", INTEROP.resolve("ticket_verify_public_key.pem").toString(), ticket, "--json"));
        assertThat(wrongKey.exit).isEqualTo(1);
        assertThat(ScampJson.mapper().readTree(wrongKey.stdout).get("reason").asText()).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void requestCarriesATicketFromAFile() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair pair = g.generateKeyPair();
        io.scamp.service.RunningService service = io.scamp.service.ScampService.builder().name("guarded")
                .identity(io.scamp.testing.TestService.identity()).bindAddress("127.0.0.1").port(0)
                .authorization(new io.scamp.auth.ServiceAuthorization(new io.scamp.auth.TicketVerifier(pair.getPublic()),
                        io.scamp.auth.AuthzTableSource.fixed(java.util.Map.of("guarded.whoami", java.util.List.of(7)))))
                .action("Guarded.whoami", 1, req -> reactor.core.publisher.Mono.just(io.scamp.message.Reply.bytes(
                        (req.verifiedTicket().orElseThrow().userId() + " " + req.header().identifyingToken()).getBytes(StandardCharsets.UTF_8))))
                .build().start().block(java.time.Duration.ofSeconds(60));
        try {
            Path ticket = dir.resolve("ticket");
            Files.writeString(ticket, new io.scamp.auth.TicketSigner(pair.getPrivate())
                    .sign(31, 1, java.time.Instant.now().getEpochSecond() - 1, 600, java.util.List.of(7)) + "\n");

            Process ok = new ProcessBuilder(java("request", "Guarded.whoami", "--address", service.address(), "--ticket", "@" + ticket,
                    "--identifying-token", "tok-1")).start();
            assertThat(new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("31 tok-1");
            assertThat(ok.waitFor()).isZero();

            Process denied = new ProcessBuilder(java("request", "Guarded.whoami", "--address", service.address(),
                    "--fingerprint", service.fingerprint())).start();
            assertThat(new String(denied.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("ticket_required: ");
            assertThat(denied.waitFor()).isEqualTo(3);
        } finally {
            service.stop().block(java.time.Duration.ofSeconds(60));
        }
    }

    private java.util.List<String> java(String... args) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.scamp.cli.ScampCommand"));
        command.addAll(java.util.List.of(args));
        return command;
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(capture(() -> ScampCommand.execute("ticket", "sign", "--key", "/nonexistent.pem", "--user", "1", "--client", "1", "--ttl", "1")).exit).isEqualTo(2);
        assertThat(capture(() -> ScampCommand.execute("ticket", "sign", "--key", "x", "--user", "1", "--client", "1", "--ttl", "1", "--privs", "a+b")).exit).isEqualTo(2);
        assertThat(capture(() -> ScampCommand.execute("ticket", "verify", "--key", "x", "@/nonexistent")).exit).isEqualTo(2);
        assertThat(capture(() -> ScampCommand.execute("keygen")).exit).isEqualTo(2);
    }

    private static Captured capture(Supplier<Integer> command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int exit = command.get();
            return new Captured(exit, stdout.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private record Captured(int exit, String stdout) {
    }

}
