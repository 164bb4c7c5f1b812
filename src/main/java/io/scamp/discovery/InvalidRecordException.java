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
    /** What is wrong with it. */
    private final Rejection.Kind kind;

    /**
     * Makes the exception.
     *
     * @param ident the record's identity, or {@code null} if it could not be read
     * @param reason why the record cannot be used
     */
    public InvalidRecordException(String ident, String reason) {
        this(ident, Rejection.Kind.MALFORMED, reason, null);
    }

    /**
     * Makes the exception with the exception that caused it.
     *
     * @param ident the record's identity, or {@code null} if it could not be read
     * @param reason why the record cannot be used
     * @param cause the underlying exception
     */
    public InvalidRecordException(String ident, String reason, Throwable cause) {
        this(ident, Rejection.Kind.MALFORMED, reason, cause);
    }

    /**
     * Makes the exception for a record whose fault is of {@code kind}.
     *
     * @param ident the record's identity, or {@code null} if it could not be read
     * @param kind what is wrong with the record
     * @param reason why the record cannot be used
     * @param cause the underlying exception, or {@code null}
     */
    public InvalidRecordException(String ident, Rejection.Kind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.ident = ident;
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    /**
     * What is wrong with the record.
     *
     * @return its kind; {@link Rejection.Kind#MALFORMED} unless the certificate or signature is at fault
     */
    public Rejection.Kind kind() {
        return kind;
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
