package io.scamp.message;

import java.time.Duration;

/**
 * A connection was closed because data stopped moving on it: received bytes waited over the
 * receive budget with nothing consumed (the application is not reading bodies it asked for,
 * or the peer ignores the ACK window), or the peer read none of our output, for longer than
 * {@code flow.receive_stall_timeout}. Only that connection closes; every request open on it
 * fails with this exception.
 */
public class ConnectionStalledException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** The bytes that were waiting when the connection was closed. */
    private final long waitingBytes;
    /** How long nothing had moved. */
    private final Duration stalledFor;

    /**
     * Makes the exception.
     *
     * @param message what stalled, with the figures
     * @param waitingBytes the bytes waiting when the connection was closed
     * @param stalledFor how long nothing had moved
     */
    public ConnectionStalledException(String message, long waitingBytes, Duration stalledFor) {
        super(message, false);
        this.waitingBytes = waitingBytes;
        this.stalledFor = stalledFor;
    }

    /**
     * The bytes that were waiting: received and unconsumed, or written and unread by the peer.
     *
     * @return bytes
     */
    public long waitingBytes() {
        return waitingBytes;
    }

    /**
     * How long nothing had moved before the connection was closed.
     *
     * @return the duration, at least the stall timeout
     */
    public Duration stalledFor() {
        return stalledFor;
    }
}
