package io.scamp.tls;

import io.scamp.message.ScampException;

/** A service identity could not be loaded, generated or used; the message names the file and the reason. */
public class IdentityException extends ScampException {
    private static final long serialVersionUID = 1L;

    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
