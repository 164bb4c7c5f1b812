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

    public TicketSigner(PrivateKey key) {
        this.key = key;
    }

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
