package io.scamp.connection;

import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;

/**
 * ACK accounting for one outgoing message (SCAMP.md §4): bytes sent, bytes the peer says it
 * consumed, and whether the sender may send more. The window may be overshot by one packet,
 * as scamp-js does; receivers tolerate that.
 */
final class SendWindow {
    private final int max;
    private long sent;
    private long acked;

    SendWindow(int max) {
        this.max = max;
    }

    /** Whether fewer than {@code max} bytes are unacknowledged. */
    boolean isOpen() {
        return sent - acked < max;
    }

    void onSent(int bytes) {
        sent += bytes;
    }

    /**
     * Records a cumulative ACK.
     *
     * @throws ProtocolException if it does not advance or claims more than was sent
     */
    void onAck(long consumed) {
        if (consumed <= acked) {
            throw new ProtocolException(ProtocolViolation.ACK_NOT_ADVANCING,
                    "ACK " + consumed + " does not advance past " + acked);
        }
        if (consumed > sent) {
            throw new ProtocolException(ProtocolViolation.ACK_EXCEEDS_SENT,
                    "ACK " + consumed + " exceeds the " + sent + " bytes sent");
        }
        acked = consumed;
    }

    long sent() {
        return sent;
    }

    long unacknowledged() {
        return sent - acked;
    }
}
