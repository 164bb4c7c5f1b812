package io.scamp.config;

import io.scamp.message.ScampException;

/** A configuration that cannot be used; the message says which file or key and why. */
public class ConfigException extends ScampException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message which file or key, and why it cannot be used
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * Makes the exception with the exception that caused it.
     *
     * @param message which file or key, and why it cannot be used
     * @param cause the underlying exception
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
