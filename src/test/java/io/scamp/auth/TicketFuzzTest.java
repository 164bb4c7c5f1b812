package io.scamp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.scamp.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link TicketVerifier#verify} with arbitrary text, twice per input: as it is, against
 * the interop ticket key, and with the text (up to its last comma) signed by a key of the test's
 * own, so that the fields after a good signature get fuzzed too. The contract: a {@link Ticket}
 * or an {@link InvalidTicketException}, at any instant; a ticket that verified holds the numbers
 * its text has, and its accessors never fail.
 */
class TicketFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final List<Instant> INSTANTS = List.of(NOW, Instant.EPOCH, Instant.MIN, Instant.MAX);
    private static final TicketVerifier INTEROP = TicketVerifier.fromPem(Fuzzing.INTEROP.resolve("ticket_verify_public_key.pem"));
    private static final KeyPair OWN = ownKey();
    private static final TicketVerifier OWN_VERIFIER = new TicketVerifier(OWN.getPublic(), Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> interopTicket() {
        return Fuzzing.seeds(List.of(Fuzzing.fixture("processor-dispatch.token")));
    }

    @MethodSource("interopTicket")
    @FuzzTest
    @Timeout(10)
    void verify(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        for (Instant now : INSTANTS) {
            check(INTEROP, text, now);
        }
        String ticket = text.strip();
        int lastComma = ticket.lastIndexOf(',');
        String signed = (lastComma < 0 ? ticket : ticket.substring(0, lastComma)).strip();
        String resigned = signed + "," + sign(signed);
        for (Instant now : INSTANTS) {
            Ticket t = check(OWN_VERIFIER, resigned, now);
            if (t != null) {
                String[] fields = signed.split(",", -1);
                assertThat(t.userId()).isEqualTo(Long.parseLong(fields[1]));
                assertThat(t.clientId()).isEqualTo(Long.parseLong(fields[2]));
                assertThat(t.issuedAt()).isEqualTo(Long.parseLong(fields[3]));
                assertThat(t.ttl()).isEqualTo(Long.parseLong(fields[4]));
                assertThat(t.isValidAt(now)).isTrue();
                assertThat(t.text()).isEqualTo(resigned);
            }
        }
        check(OWN_VERIFIER, resigned, null);
    }

    /** The ticket, or null when refused; anything but InvalidTicketException escapes. */
    private static Ticket check(TicketVerifier verifier, String text, Instant now) {
        Ticket t;
        try {
            t = now == null ? verifier.verify(text) : verifier.verify(text, now);
        } catch (InvalidTicketException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotNull();
            return null;
        }
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.expiresAt()).isNotNull();
        assertThat(t.toString()).isNotNull();
        assertThat(t.missing(List.of(1, 99, Integer.MAX_VALUE))).hasSizeLessThanOrEqualTo(3);
        for (Instant at : INSTANTS) {
            t.isValidAt(at);
        }
        return t;
    }

    private static String sign(String text) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(OWN.getPrivate());
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small key: the signatures only have to verify, and a fuzzer signs one per input. */
    private static KeyPair ownKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(1024);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
