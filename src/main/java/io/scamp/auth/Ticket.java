package io.scamp.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A verified authorization ticket (SCAMP.md §8): who (user and client), when it was issued,
 * how long it lives, and which privileges it carries. Made by {@link TicketVerifier}, so a
 * {@code Ticket} in hand has a good signature.
 */
public record Ticket(int version, long userId, long clientId, long issuedAt, long ttl, Set<Integer> privileges, String text) {
    public Ticket {
        privileges = java.util.Collections.unmodifiableSet(new TreeSet<>(privileges));
    }

    /** The first instant at which the ticket is no longer valid. */
    public Instant expiresAt() {
        return Instant.ofEpochSecond(issuedAt + ttl);
    }

    /** Valid at {@code now}: not before it was issued and before {@code issued + ttl}. */
    public boolean isValidAt(Instant now) {
        long t = now.getEpochSecond();
        return t >= issuedAt && t < issuedAt + ttl;
    }

    public boolean hasPrivilege(int privilege) {
        return privileges.contains(privilege);
    }

    /** The privileges of {@code required} this ticket lacks, in order. */
    public List<Integer> missing(List<Integer> required) {
        return required.stream().filter(p -> !privileges.contains(p)).toList();
    }

    @Override
    public String toString() {
        return "Ticket{user " + userId + ", client " + clientId + ", privileges " + privileges + ", expires " + expiresAt() + "}";
    }
}
