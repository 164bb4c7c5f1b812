package io.scamp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.auth.InvalidTicketException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tickets (SCAMP.md §8), the shared one among them. */
class TicketTest {
    private static final Path INTEROP = Path.of("../shared/fixtures/interop");
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    private final TicketVerifier shared = TicketVerifier.fromPem(INTEROP.resolve("ticket_verify_public_key.pem"));

    private String sharedTicket() throws Exception {
        return Files.readString(INTEROP.resolve("processor-dispatch.token")).strip();
    }

    @Test
    void sharedTicketVerifiesWithItsFields() throws Exception {
        Ticket t = shared.verify(sharedTicket(), NOW);

        assertThat(t.version()).isEqualTo(1);
        assertThat(t.userId()).isEqualTo(1);
        assertThat(t.clientId()).isZero();
        assertThat(t.issuedAt()).isEqualTo(1521754711L);
        assertThat(t.ttl()).isEqualTo(315576060L);
        assertThat(t.privileges()).containsExactly(99);
        assertThat(t.expiresAt()).isEqualTo(Instant.parse("2028-03-22T09:39:31Z"));
    }

    @Test
    void everyOneCharacterChangeFails() throws Exception {
        String ticket = sharedTicket();
        int accepted = 0;
        for (int i = 0; i < ticket.length(); i++) {
            char c = ticket.charAt(i);
            for (char replacement : new char[] {c == '1' ? '2' : '1', c == 'A' ? 'B' : 'A'}) {
                String changed = ticket.substring(0, i) + replacement + ticket.substring(i + 1);
                try {
                    shared.verify(changed, NOW);
                    accepted++;
                } catch (InvalidTicketException expected) {
                    // refused, as it must be
                }
            }
        }
        assertThat(accepted).as("one-character changes accepted").isZero();
    }

    @Test
    void expiryIsHalfOpen() throws Exception {
        String ticket = sharedTicket();

        assertThat(shared.verify(ticket, Instant.ofEpochSecond(1521754711L)).userId()).isEqualTo(1);
        assertThat(shared.verify(ticket, Instant.ofEpochSecond(1521754711L + 315576060L - 1)).userId()).isEqualTo(1);
        assertThatThrownBy(() -> shared.verify(ticket, Instant.ofEpochSecond(1521754711L + 315576060L)))
                .isInstanceOfSatisfying(InvalidTicketException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
        assertThatThrownBy(() -> shared.verify(ticket, Instant.ofEpochSecond(1521754710L)))
                .isInstanceOfSatisfying(InvalidTicketException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID));
    }

    @Test
    void eachFailureHasItsOwnReason() throws Exception {
        KeyPair pair = rsa();
        TicketSigner signer = new TicketSigner(pair.getPrivate());
        TicketVerifier verifier = new TicketVerifier(pair.getPublic());
        String good = signer.sign(7, 3, NOW.getEpochSecond() - 10, 3600, List.of(1, 2));

        assertThat(verifier.verify(good, NOW).privileges()).containsExactly(1, 2);
        assertReason(verifier, good.replaceFirst("^1,", "2,"), Reason.WRONG_VERSION);
        assertReason(verifier, "1,2,3", Reason.MALFORMED);
        assertReason(verifier, "", Reason.MALFORMED);
        assertReason(verifier, good.substring(0, good.lastIndexOf(',') + 1) + "AAAA", Reason.BAD_SIGNATURE);
        assertReason(verifier, resign(signer, "1,x,3,100,100,1"), Reason.BAD_NUMBER);
        assertReason(verifier, resign(signer, "1,7,3,100,100,1+y"), Reason.BAD_NUMBER);
        assertReason(verifier, signer.sign(7, 3, NOW.getEpochSecond() - 100, 50, List.of()), Reason.EXPIRED);
        assertReason(verifier, signer.sign(7, 3, NOW.getEpochSecond() + 100, 50, List.of()), Reason.NOT_YET_VALID);
        assertReason(shared, good, Reason.BAD_SIGNATURE);
    }

    @Test
    void timesBeyondTheLastInstantAreNotAnError() throws Exception {
        KeyPair pair = rsa();
        TicketSigner signer = new TicketSigner(pair.getPrivate());
        TicketVerifier verifier = new TicketVerifier(pair.getPublic());
        long eighteenNines = 999_999_999_999_999_999L; // the most a ticket field holds; Instant ends at about 3.2e16 s

        Ticket forever = verifier.verify(signer.sign(7, 3, NOW.getEpochSecond(), eighteenNines, List.of()), NOW);
        assertThat(forever.expiresAt()).isEqualTo(Instant.MAX);
        assertThat(forever.isValidAt(Instant.MAX)).isTrue();
        assertThat(forever.toString()).contains("expires " + Instant.MAX);
        assertThatThrownBy(() -> verifier.verify(signer.sign(7, 3, eighteenNines, 1, List.of()), NOW))
                .isInstanceOfSatisfying(InvalidTicketException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID));
    }

    @Test
    void privilegesMayBeEmptyOrAbsent() throws Exception {
        KeyPair pair = rsa();
        TicketSigner signer = new TicketSigner(pair.getPrivate());
        TicketVerifier verifier = new TicketVerifier(pair.getPublic());

        assertThat(verifier.verify(signer.sign(1, 0, NOW.getEpochSecond(), 60, List.of()), NOW).privileges()).isEmpty();
        assertThat(verifier.verify(resign(signer, "1,1,0," + NOW.getEpochSecond() + ",60"), NOW).privileges()).isEmpty();
    }

    @Test
    void aKeyFileBouncyCastleCannotReadIsAnIllegalArgumentException(@TempDir Path dir) throws Exception {
        String pem = Files.readString(INTEROP.resolve("ticket_verify_public_key.pem"));
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        for (String broken : List.of(
                pem.replace(body, body.substring(0, 20) + "*" + body.substring(21)), // not base64
                pem.replace(body, "MIIBIDANBgkqhkiG6w0BAQEFAAOCAQ0A\n"),          // DER cut short
                "no key here\n")) {
            Path file = Files.writeString(dir.resolve("key.pem"), broken);
            assertThatThrownBy(() -> TicketVerifier.fromPem(file)).as(broken).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    /** Signs arbitrary text the way TicketSigner does, to build tickets a signer would refuse to make. */
    private static String resign(TicketSigner signer, String fields) throws Exception {
        java.lang.reflect.Field key = TicketSigner.class.getDeclaredField("key");
        key.setAccessible(true);
        java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
        s.initSign((java.security.PrivateKey) key.get(signer));
        s.update(fields.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return fields + "," + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    }

    private static void assertReason(TicketVerifier verifier, String ticket, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(ticket, NOW)).as(ticket)
                .isInstanceOfSatisfying(InvalidTicketException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
