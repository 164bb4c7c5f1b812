package io.scamp.discovery;

import io.scamp.message.ScampException;

/** Discovery could not be set up (a multicast channel, a cache file); the message says where and why. */
public class DiscoveryException extends ScampException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what could not be set up, and why
     * @param cause the underlying exception
     */
    public DiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
