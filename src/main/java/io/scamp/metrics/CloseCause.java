package io.scamp.metrics;

import io.scamp.message.ConnectionStalledException;
import io.scamp.message.ProtocolException;

/** Why a connection closed: the {@code cause} tag of {@code scamp.connections.closed} (docs/observability.md). */
public enum CloseCause {
    /** No message was open for the idle timeout. */
    IDLE,
    /** It was drained (the service stopping, or a requester's drain) and closed once its messages were done. */
    DRAINED,
    /** Closed by this side ({@code close()}: the client or service shutting down). */
    LOCAL,
    /** The peer closed it, or the network lost it. */
    LOST,
    /** The peer broke the protocol (also counted in {@code scamp.protocol.violations}). */
    PROTOCOL,
    /** Data stopped moving for the receive stall timeout. */
    STALLED,
    /** It ended before its TLS handshake (and fingerprint check) was done: never opened. */
    HANDSHAKE,
    /** The peer did not answer a heartbeat PING. */
    HEARTBEAT,
    /** Anything else: a failed write, a fatal error on the event loop. */
    ERROR;

    /**
     * The cause a connection failure stands for, by its type.
     *
     * @param failure what the connection failed with
     * @return {@link #PROTOCOL}, {@link #STALLED}, {@link #LOST} (an {@link java.io.IOException}
     *     from the socket) or {@link #ERROR}
     */
    public static CloseCause of(Throwable failure) {
        if (failure instanceof ProtocolException) {
            return PROTOCOL;
        }
        if (failure instanceof ConnectionStalledException) {
            return STALLED;
        }
        return failure instanceof java.io.IOException ? LOST : ERROR;
    }
}
