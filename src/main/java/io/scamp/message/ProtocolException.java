package io.scamp.message;

import java.util.Objects;

/**
 * A peer broke the SCAMP wire protocol. The connection it happened on has been closed and
 * every message open on it failed; other connections are unaffected.
 */
public class ProtocolException extends ScampException {
    private static final long serialVersionUID = 1L;

    private final ProtocolViolation violation;

    public ProtocolException(ProtocolViolation violation, String detail) {
        super(violation + ": " + detail);
        this.violation = Objects.requireNonNull(violation, "violation");
    }

    /** Which rule the peer broke. */
    public ProtocolViolation violation() {
        return violation;
    }
}
