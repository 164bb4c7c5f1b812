package io.scamp.message;

import java.time.Duration;

/** A request got no reply within its timeout. The connection it used stays up. */
public class ScampTimeoutException extends ScampException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public ScampTimeoutException(String action, Duration timeout) {
        super("no reply to " + action + " within " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
