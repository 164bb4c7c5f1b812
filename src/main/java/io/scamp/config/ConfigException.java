package io.scamp.config;

import io.scamp.message.ScampException;

/** A configuration that cannot be used; the message says which file or key and why. */
public class ConfigException extends ScampException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
