package io.scamp.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Issues tickets (SCAMP.md §8), for operators and tests: the fields joined by commas, then an
 * unpadded base64url RSA/SHA-256 signature over them.
 */
public final class TicketSigner {
    private final PrivateKey key;

    /**
     * A signer with the ticket authority's private key.
     *
     * @param key an RSA private key, whose public half the verifiers hold
     */
    public TicketSigner(PrivateKey key) {
        this.key = key;
    }

    /**
     * Issues a version 1 ticket.
     *
     * @param userId the user
     * @param clientId the client
     * @param issuedAt when it is issued, in seconds since the epoch
     * @param ttl how long it is valid, in seconds
     * @param privileges the privileges it carries, joined with {@code +} in the given order
     * @return the ticket text, {@code 1,user,client,issued,ttl,privs,signature}
     * @throws IllegalStateException if the key cannot sign
     */
    public String sign(long userId, long clientId, long issuedAt, long ttl, Collection<Integer> privileges) {
        String privs = privileges.stream().map(String::valueOf).collect(Collectors.joining("+"));
        String text = "1," + userId + "," + clientId + "," + issuedAt + "," + ttl + "," + privs;
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return text + "," + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the ticket: " + e.getMessage(), e);
        }
    }
}
