package io.scamp.message;

/**
 * Base of every error this library raises. All are unchecked so they travel through
 * Reactor's {@code onError} signals without wrapping; catch the subtypes to tell a broken
 * peer ({@link ProtocolException}), a lost connection ({@link TransportException}), an
 * action that failed on the remote side ({@link RemoteActionException}) and a request that
 * ran out of time ({@link ScampTimeoutException}) apart.
 */
public class ScampException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes an exception with a message and no cause.
     *
     * @param message what went wrong
     */
    public ScampException(String message) {
        super(message);
    }

    /**
     * Makes an exception with a message and the exception that caused it.
     *
     * @param message what went wrong
     * @param cause the underlying exception
     */
    public ScampException(String message, Throwable cause) {
        super(message, cause);
    }
}
