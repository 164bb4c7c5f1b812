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
import java.util.List;
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
