package io.scamp.discovery;

import io.scamp.message.ScampException;

/**
 * An announcement record that cannot be used: malformed, of another scheme, or with a
 * signature that does not verify. The record is skipped; the reason says why.
 */
public class InvalidRecordException extends ScampException {
    private static final long serialVersionUID = 1L;

    /** The record's identity, or {@code null}. */
    private final String ident;

    /**
     * Makes the exception.
     *
     * @param ident the record's identity, or {@code null} if it could not be read
     * @param reason why the record cannot be used
     */
    public InvalidRecordException(String ident, String reason) {
        super(reason);
        this.ident = ident;
    }

    /**
     * Makes the exception with the exception that caused it.
     *
     * @param ident the record's identity, or {@code null} if it could not be read
     * @param reason why the record cannot be used
     * @param cause the underlying exception
     */
    public InvalidRecordException(String ident, String reason, Throwable cause) {
        super(reason, cause);
        this.ident = ident;
    }

    /**
     * The record's identity if it could be read that far, else {@code null}.
     *
     * @return the identity, or {@code null}
     */
    public String ident() {
        return ident;
    }
}
