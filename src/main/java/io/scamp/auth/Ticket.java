package io.scamp.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A verified authorization ticket (SCAMP.md §8): who (user and client), when it was issued,
 * how long it lives, and which privileges it carries. Made by {@link TicketVerifier}, so a
 * {@code Ticket} in hand has a good signature.
 *
 * @param version the ticket format version, always 1
 * @param userId the user the ticket was issued to
 * @param clientId the client the ticket was issued to
 * @param issuedAt when it was issued, in seconds since the epoch
 * @param ttl how long it is valid from {@code issuedAt}, in seconds
 * @param privileges the privilege numbers it carries
 * @param text the ticket as it was sent, trimmed
 */
public record Ticket(int version, long userId, long clientId, long issuedAt, long ttl, Set<Integer> privileges, String text) {
    /**
     * Copies {@code privileges} into an unmodifiable, sorted set.
     *
     * @param version the ticket format version
     * @param userId the user the ticket was issued to
     * @param clientId the client the ticket was issued to
     * @param issuedAt when it was issued, in seconds since the epoch
     * @param ttl how long it is valid from {@code issuedAt}, in seconds
     * @param privileges the privilege numbers it carries
     * @param text the ticket as it was sent
     */
    public Ticket {
        privileges = java.util.Collections.unmodifiableSet(new TreeSet<>(privileges));
    }

    /**
     * The first instant at which the ticket is no longer valid.
     *
     * @return {@code issuedAt + ttl}; {@link Instant#MAX} when that lies beyond it (a ticket may
     *     carry 18 digits for each, and {@code Instant} ends in the year 1000000000)
     */
    public Instant expiresAt() {
        return instant(issuedAt + ttl);
    }

    /** {@code seconds} since the epoch as an instant, {@link Instant#MIN} or {@link Instant#MAX} past either end. */
    static Instant instant(long seconds) {
        return seconds > Instant.MAX.getEpochSecond() ? Instant.MAX
                : seconds < Instant.MIN.getEpochSecond() ? Instant.MIN : Instant.ofEpochSecond(seconds);
    }

    /**
     * Valid at {@code now}: not before it was issued and before {@code issued + ttl}.
     *
     * @param now the instant to judge at (to the second)
     * @return whether the ticket is valid then
     */
    public boolean isValidAt(Instant now) {
        long t = now.getEpochSecond();
        return t >= issuedAt && t < issuedAt + ttl;
    }

    /**
     * Whether the ticket carries {@code privilege}.
     *
     * @param privilege the privilege number
     * @return whether it is among {@link #privileges()}
     */
    public boolean hasPrivilege(int privilege) {
        return privileges.contains(privilege);
    }

    /**
     * The privileges of {@code required} this ticket lacks, in order.
     *
     * @param required the privileges an action demands
     * @return those the ticket does not carry; empty if it carries them all
     */
    public List<Integer> missing(List<Integer> required) {
        return required.stream().filter(p -> !privileges.contains(p)).toList();
    }

    @Override
    public String toString() {
        return "Ticket{user " + userId + ", client " + clientId + ", privileges " + privileges + ", expires " + expiresAt() + "}";
    }
}
