package io.scamp.metrics;

import io.scamp.message.MessageHeader;
import io.scamp.wire.PacketType;

/**
 * What one connection reports: its life (TCP up, TLS done, closed and why), the packets and
 * body bytes it moves, its calls, its send windows and its paused reads. Called on the
 * connection's event loop only. {@link #NONE} records nothing, allocates nothing and reads no
 * clock: the connection calls it on every packet and every call, so with metrics off each call
 * is one empty method.
 */
public interface ConnectionMetrics {
    /** Records nothing. */
    ConnectionMetrics NONE = new ConnectionMetrics() {
    };

    /** The channel is connected (TCP); the TLS handshake starts. */
    default void active() {
    }

    /** The TLS handshake (with the fingerprint check) is done: the connection is open. */
    default void ready() {
    }

    /**
     * The connection has closed (called once).
     *
     * @param cause why
     * @param error the failure, or {@code null} for a clean close; a
     *     {@link io.scamp.message.ProtocolException} is also counted as a violation of its kind
     */
    default void closed(CloseCause cause, Throwable error) {
    }

    /**
     * A packet came in.
     *
     * @param type its type
     * @param bodyBytes its body's length (what DATA adds to the bytes received)
     */
    default void packetReceived(PacketType type, int bodyBytes) {
    }

    /**
     * A packet was written.
     *
     * @param type its type
     * @param bodyBytes its body's length (what DATA adds to the bytes sent)
     */
    default void packetSent(PacketType type, int bodyBytes) {
    }

    /**
     * A call starts: a request sent (client) or received (service).
     *
     * @param request the request's header
     * @return the call's recorder, or {@code null} when nothing is recorded
     */
    default CallMetrics call(MessageHeader request) {
        return null;
    }

    /**
     * An outgoing message's window is full: it waits for the peer's ACK.
     *
     * @return the time to pass to {@link #windowOpened}; 0 when nothing is recorded
     */
    default long windowFull() {
        return 0;
    }

    /**
     * The window that {@link #windowFull()} reported full is open again, or its message ended.
     *
     * @param fullSince what {@link #windowFull()} returned
     */
    default void windowOpened(long fullSince) {
    }

    /**
     * A message that filled its window at least once has ended.
     *
     * @param bytes its send window at the end: where the adaptive window landed, or the floor
     */
    default void windowAtEnd(int bytes) {
    }

    /**
     * The connection stopped reading from its socket.
     *
     * @param forOutput true when its output waits for the peer to read it (the channel is not
     *     writable), false when its receive budget is full (received bytes wait for the application)
     */
    default void readsPaused(boolean forOutput) {
    }
}
