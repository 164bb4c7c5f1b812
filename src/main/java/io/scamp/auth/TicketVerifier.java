package io.scamp.auth;

import io.scamp.auth.InvalidTicketException.Reason;
import io.scamp.config.ScampConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Verifies tickets (SCAMP.md §8): {@code version,user_id,client_id,issued_at,ttl,privs,signature}
 * where the signature is unpadded base64url RSA/SHA-256 over everything before the last comma.
 * Each failure has its own {@link Reason}. Thread-safe.
 */
public final class TicketVerifier {
    /** Where the other implementations keep the key; {@code ticket.verify_key} in the configuration overrides it. */
    public static final Path DEFAULT_KEY = Path.of("/etc/GT/auth/ticket_verify_public_key.pem");

    private final PublicKey key;
    private final Clock clock;

    /**
     * A verifier with the ticket authority's public key, judging validity by the system clock.
     *
     * @param key the RSA public key tickets are signed for
     */
    public TicketVerifier(PublicKey key) {
        this(key, Clock.systemUTC());
    }

    /**
     * A verifier with the ticket authority's public key and a clock of its own (for tests).
     *
     * @param key the RSA public key tickets are signed for
     * @param clock gives the time {@link #verify(String)} judges validity at
     */
    public TicketVerifier(PublicKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /**
     * The key file the configuration names ({@code ticket.verify_key}), else {@link #DEFAULT_KEY}.
     *
     * @param config the configuration
     * @return the key file's path; the file is not read
     * @throws io.scamp.config.ConfigException if the configured value is not a path
     */
    public static Path keyPath(ScampConfig config) {
        return config.getPath("ticket.verify_key").orElse(DEFAULT_KEY);
    }

    /**
     * Reads a PEM public key ({@code BEGIN PUBLIC KEY}) or the key of a PEM certificate.
     *
     * @param file the PEM file
     * @return a verifier using the system clock
     * @throws IllegalArgumentException if the file cannot be read or holds no public key
     */
    public static TicketVerifier fromPem(Path file) {
        Object object;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports malformed content with runtime exceptions of many kinds too
            // (DecoderException for bad base64, NullPointerException for some bad DER).
            throw new IllegalArgumentException("cannot read ticket key " + file + ": " + e.getMessage(), e);
        }
        SubjectPublicKeyInfo info;
        if (object instanceof SubjectPublicKeyInfo) {
            info = (SubjectPublicKeyInfo) object;
        } else if (object instanceof X509CertificateHolder) {
            info = ((X509CertificateHolder) object).getSubjectPublicKeyInfo();
        } else {
            throw new IllegalArgumentException(file + " holds no PEM public key");
        }
        try {
            return new TicketVerifier(new JcaPEMKeyConverter().getPublicKey(info));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read ticket key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The key tickets are verified with.
     *
     * @return the public key
     */
    public PublicKey key() {
        return key;
    }

    /**
     * Verifies {@code text} now.
     *
     * @param text the ticket text
     * @return the ticket
     * @throws InvalidTicketException with the reason the ticket is refused
     */
    public Ticket verify(String text) {
        return verify(text, clock.instant());
    }

    /**
     * Verifies {@code text} as of {@code now}: format, version, signature, numbers, then validity
     * in time.
     *
     * @param text the ticket text; surrounding whitespace is ignored
     * @param now the instant to judge validity at
     * @return the ticket
     * @throws InvalidTicketException with the reason the ticket is refused
     */
    public Ticket verify(String text, Instant now) {
        if (text == null || text.isBlank()) {
            throw new InvalidTicketException(Reason.MALFORMED, "no ticket");
        }
        String ticket = text.strip();
        int lastComma = ticket.lastIndexOf(',');
        String[] fields = ticket.split(",", -1);
        if (lastComma < 0 || fields.length < 6 || fields.length > 7) {
            throw new InvalidTicketException(Reason.MALFORMED, "a ticket has 6 or 7 comma-separated fields, this one has " + fields.length);
        }
        if (!"1".equals(fields[0])) {
            throw new InvalidTicketException(Reason.WRONG_VERSION, "ticket version " + fields[0] + " is not 1");
        }
        checkSignature(ticket.substring(0, lastComma), ticket.substring(lastComma + 1));
        long user = number(fields[1], "user_id");
        long client = number(fields[2], "client_id");
        long issued = number(fields[3], "issued_at");
        long ttl = number(fields[4], "ttl");
        Set<Integer> privileges = new HashSet<>();
        if (fields.length == 7 && !fields[5].isEmpty()) {
            for (String p : fields[5].split("\\+", -1)) {
                long privilege = number(p, "privilege");
                if (privilege > Integer.MAX_VALUE) {
                    throw new InvalidTicketException(Reason.BAD_NUMBER, "privilege " + p + " is out of range");
                }
                privileges.add((int) privilege);
            }
        }
        Ticket result = new Ticket(1, user, client, issued, ttl, privileges, ticket);
        long t = now.getEpochSecond();
        if (t < issued) {
            throw new InvalidTicketException(Reason.NOT_YET_VALID, "ticket is not valid before " + Ticket.instant(issued));
        }
        if (t >= issued + ttl) {
            throw new InvalidTicketException(Reason.EXPIRED, "ticket expired at " + result.expiresAt());
        }
        return result;
    }

    private void checkSignature(String signed, String signature) {
        byte[] sig;
        String urlSafe = signature.replace('+', '-').replace('/', '_').replace("=", "");
        try {
            sig = Base64.getUrlDecoder().decode(urlSafe);
        } catch (IllegalArgumentException e) {
            throw new InvalidTicketException(Reason.BAD_SIGNATURE, "ticket signature is not base64url: " + e.getMessage());
        }
        // The decoder ignores the unused low bits of the last character; a ticket whose
        // signature text differs from the canonical encoding has been tampered with.
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(sig).equals(urlSafe)) {
            throw new InvalidTicketException(Reason.BAD_SIGNATURE, "ticket signature is not canonical base64url");
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(signed.getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(sig)) {
                throw new InvalidTicketException(Reason.BAD_SIGNATURE, "ticket signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidTicketException(Reason.BAD_SIGNATURE, "ticket signature cannot be checked: " + e.getMessage());
        }
    }

    private static long number(String field, String what) {
        if (field.isEmpty() || field.length() > 18 || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidTicketException(Reason.BAD_NUMBER, what + " \"" + field + "\" is not a non-negative integer");
        }
        return Long.parseLong(field);
    }
}
