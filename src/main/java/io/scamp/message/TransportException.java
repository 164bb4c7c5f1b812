package io.scamp.message;

/**
 * The connection a message travelled on failed or was lost (wire code {@code "transport"}).
 * {@link #dispatchFailure()} tells whether the request certainly never reached a handler, in
 * which case it is safe to retry it elsewhere.
 */
public class TransportException extends ScampException {
    private static final long serialVersionUID = 1L;

    private final boolean dispatchFailure;

    public TransportException(String message, boolean dispatchFailure) {
        super(message);
        this.dispatchFailure = dispatchFailure;
    }

    public TransportException(String message, boolean dispatchFailure, Throwable cause) {
        super(message, cause);
        this.dispatchFailure = dispatchFailure;
    }

    /** True when the request never left this process or never reached a handler. */
    public boolean dispatchFailure() {
        return dispatchFailure;
    }
}
