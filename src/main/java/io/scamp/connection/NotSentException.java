package io.scamp.connection;

import io.scamp.message.TransportException;

/**
 * A request found its connection closed or draining when it was about to be sent: nothing
 * left this process, so the client sends it again on a new connection instead of reporting
 * the (healthy) service as failing. A dispatch failure, should it reach an application.
 */
public final class NotSentException extends TransportException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message why the request was not sent
     */
    public NotSentException(String message) {
        super(message, true);
    }
}
