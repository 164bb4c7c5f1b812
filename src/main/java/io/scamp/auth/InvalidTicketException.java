package io.scamp.auth;

import io.scamp.message.ScampException;

/** A ticket that cannot be accepted, with the {@link Reason} why. */
public class InvalidTicketException extends ScampException {
    private static final long serialVersionUID = 1L;

    /** The distinct ways a ticket fails (SCAMP.md §8). */
    public enum Reason {
        /** Not {@code version,user,client,issued,ttl,privs,signature}. */
        MALFORMED,
        /** A version other than 1. */
        WRONG_VERSION,
        /** A field that should be a number is not. */
        BAD_NUMBER,
        /** The signature does not verify with the ticket key. */
        BAD_SIGNATURE,
        /** {@code now >= issued + ttl}. */
        EXPIRED,
        /** {@code now < issued}. */
        NOT_YET_VALID
    }

    /** Why the ticket was refused. */
    private final Reason reason;

    /**
     * Makes the exception.
     *
     * @param reason why the ticket is refused
     * @param message the details, for people
     */
    public InvalidTicketException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Why the ticket was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
