package io.scamp.message;

import java.time.Duration;

/** A request got no reply within its timeout. The connection it used stays up. */
public class ScampTimeoutException extends ScampException {
    private static final long serialVersionUID = 1L;

    /** The timeout that ran out. */
    private final Duration timeout;

    /**
     * Makes the exception for a request to {@code action} that got no reply within {@code timeout}.
     *
     * @param action the action the request called, for the message
     * @param timeout the timeout that ran out
     */
    public ScampTimeoutException(String action, Duration timeout) {
        super("no reply to " + action + " within " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    private ScampTimeoutException(Duration timeout, String message) {
        super(message);
        this.timeout = timeout;
    }

    /**
     * The exception for a timeout that ran out before the request could be sent, for example
     * while the service directory had no table yet.
     *
     * @param message what the request waited for, and why
     * @param timeout the timeout that ran out
     * @return the exception
     */
    public static ScampTimeoutException beforeSending(String message, Duration timeout) {
        return new ScampTimeoutException(timeout, message);
    }

    /**
     * The timeout that ran out.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
