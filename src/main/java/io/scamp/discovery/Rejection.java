package io.scamp.discovery;

/**
 * A record that was skipped, with its identity (if readable), the reason and its kind.
 *
 * @param ident the record's identity, or {@code null} if it could not be read
 * @param reason why it was skipped, for people
 * @param kind what was wrong, from a fixed set (the {@code reason} tag of the
 *     {@code scamp.directory.rejected} gauge, docs/observability.md)
 */
public record Rejection(String ident, String reason, Kind kind) {
    /**
     * Checks the kind.
     *
     * @param ident the record's identity, or {@code null}
     * @param reason why it was skipped
     * @param kind what was wrong
     * @throws NullPointerException if {@code kind} is null
     */
    public Rejection {
        java.util.Objects.requireNonNull(kind, "kind");
    }

    /**
     * A rejection of a record that could not be parsed ({@link Kind#MALFORMED}).
     *
     * @param ident the record's identity, or {@code null} if it could not be read
     * @param reason why it was skipped
     */
    public Rejection(String ident, String reason) {
        this(ident, reason, Kind.MALFORMED);
    }

    /** What was wrong with a rejected record. */
    public enum Kind {
        /** The record (or the datagram that carried it) cannot be parsed: not JSON, a field missing or of the wrong type. */
        MALFORMED,
        /** Its certificate cannot be read. */
        CERTIFICATE,
        /** Its signature is not valid base64, cannot be checked or does not verify with its certificate. */
        SIGNATURE,
        /** The source itself could not be read (an unreadable cache file). */
        UNREADABLE
    }
}
