package io.scamp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.scamp.testing.Fuzzing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link TicketVerifier#fromPem} (the ticket key file: a PEM public key or certificate)
 * with arbitrary bytes. The contract: a verifier, or an {@link IllegalArgumentException} saying
 * the file holds no usable key.
 */
class TicketKeyFuzzTest {
    private static final Path FILE = tempFile();

    static Stream<Arguments> interopKeys() {
        return Fuzzing.seeds(List.of(Fuzzing.fixture("ticket_verify_public_key.pem"), Fuzzing.fixture("go-sample.crt")));
    }

    @MethodSource("interopKeys")
    @FuzzTest
    @Timeout(10)
    void fromPem(byte[] input) throws IOException {
        Files.write(FILE, input);
        try {
            TicketVerifier verifier = TicketVerifier.fromPem(FILE);
            assertThat(verifier.key()).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotNull();
        }
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("ticket-key-fuzz", ".pem");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
