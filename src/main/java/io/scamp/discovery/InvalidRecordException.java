package io.scamp.discovery;

import io.scamp.message.ScampException;

/**
 * An announcement record that cannot be used: malformed, of another scheme, or with a
 * signature that does not verify. The record is skipped; the reason says why.
 */
public class InvalidRecordException extends ScampException {
    private static final long serialVersionUID = 1L;

    private final String ident;

    public InvalidRecordException(String ident, String reason) {
        super(reason);
        this.ident = ident;
    }

    public InvalidRecordException(String ident, String reason, Throwable cause) {
        super(reason, cause);
        this.ident = ident;
    }

    /** The record's identity if it could be read that far, else {@code null}. */
    public String ident() {
        return ident;
    }
}
