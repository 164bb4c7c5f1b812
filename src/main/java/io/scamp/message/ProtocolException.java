package io.scamp.message;

import java.util.Objects;

/**
 * A peer broke the SCAMP wire protocol. The connection it happened on has been closed and
 * every message open on it failed; other connections are unaffected.
 */
public class ProtocolException extends ScampException {
    private static final long serialVersionUID = 1L;

    /** Which rule the peer broke. */
    private final ProtocolViolation violation;

    /**
     * Makes the exception; its message is the violation followed by {@code detail}.
     *
     * @param violation which rule the peer broke
     * @param detail what was seen, for the message
     * @throws NullPointerException if {@code violation} is null
     */
    public ProtocolException(ProtocolViolation violation, String detail) {
        super(violation + ": " + detail);
        this.violation = Objects.requireNonNull(violation, "violation");
    }

    /**
     * Which rule the peer broke.
     *
     * @return the violation
     */
    public ProtocolViolation violation() {
        return violation;
    }
}
