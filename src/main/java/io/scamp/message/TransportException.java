package io.scamp.message;

/**
 * The connection a message travelled on failed or was lost (wire code {@code "transport"}).
 * {@link #dispatchFailure()} tells whether the request certainly never reached a handler, in
 * which case it is safe to retry it elsewhere.
 */
public class TransportException extends ScampException {
    private static final long serialVersionUID = 1L;

    /** Whether the request certainly never reached a handler. */
    private final boolean dispatchFailure;

    /**
     * Makes the exception.
     *
     * @param message what failed
     * @param dispatchFailure whether the request certainly never reached a handler
     */
    public TransportException(String message, boolean dispatchFailure) {
        super(message);
        this.dispatchFailure = dispatchFailure;
    }

    /**
     * Makes the exception with the exception that caused it.
     *
     * @param message what failed
     * @param dispatchFailure whether the request certainly never reached a handler
     * @param cause the underlying exception
     */
    public TransportException(String message, boolean dispatchFailure, Throwable cause) {
        super(message, cause);
        this.dispatchFailure = dispatchFailure;
    }

    /**
     * True when the request never left this process or never reached a handler.
     *
     * @return whether retrying elsewhere is safe
     */
    public boolean dispatchFailure() {
        return dispatchFailure;
    }
}
