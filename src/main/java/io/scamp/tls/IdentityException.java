package io.scamp.tls;

import io.scamp.message.ScampException;

/** A service identity could not be loaded, generated or used; the message names the file and the reason. */
public class IdentityException extends ScampException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message the file and the reason
     */
    public IdentityException(String message) {
        super(message);
    }

    /**
     * Makes the exception with the exception that caused it.
     *
     * @param message the file and the reason
     * @param cause the underlying exception
     */
    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
