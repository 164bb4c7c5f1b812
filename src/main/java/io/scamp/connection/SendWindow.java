package io.scamp.connection;

import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;

/**
 * ACK accounting for one outgoing message (SCAMP.md §4): bytes sent, bytes the peer says it
 * consumed, and whether the sender may send more. The window is the floor
 * ({@code flow.max_inflight}) until the message first fills it; from then on an
 * {@link AdaptiveWindow} tunes it. The small messages of ordinary calls never fill it, so they
 * cost no window state and no clock reads. The window may be overshot by one packet, as
 * scamp-js does; receivers tolerate that.
 *
 * <p>A message that may adapt and whose first packet is at least {@link #FIRST_SAMPLE_BYTES}
 * times that packet's round trip (two clock reads), for the adaptive window's
 * {@link AdaptiveWindow#firstPacketRtt}.
 */
final class SendWindow {
    private final int floor;
    private final int cap;
    private final SendBudget budget;
    /** The loop's clock, read only once the window adapts. */
    private final io.netty.util.concurrent.Ticker clock;
    /** Created when the message first fills the floor window, if windows may grow. */
    private AdaptiveWindow adaptive;
    private long sent;
    private long acked;
    /** The first packet's end while its round trip is timed, else 0, and when it was sent. */
    private long firstPacketEnd;
    private long firstPacketSentAt;
    /** The first packet's round trip once its ACK came, else {@link Long#MAX_VALUE}. */
    private long firstPacketRtt = Long.MAX_VALUE;

    /** First packets smaller than this are not timed: ordinary calls' bodies, which never adapt. */
    static final int FIRST_SAMPLE_BYTES = 4096;

    /**
     * A window at {@code floor}.
     *
     * @param floor the window until it adapts, and its least
     * @param cap the most it may grow to; {@code floor} or less: a fixed window
     * @param budget what the connection grants beyond the floor
     * @param clock the connection's loop clock, for the adaptive window's round trips
     */
    SendWindow(int floor, int cap, SendBudget budget, io.netty.util.concurrent.Ticker clock) {
        this.floor = floor;
        this.cap = cap;
        this.budget = budget;
        this.clock = clock;
        budget.messageStarted();
    }

    /**
     * Whether fewer bytes than the window are unacknowledged and, for a window that may adapt,
     * the connection has room in flight ({@link SendBudget#hasRoom}).
     */
    boolean isOpen() {
        return sent - acked < size() && (cap <= floor || budget.hasRoom());
    }

    /** Whether only the connection's room holds this message back; it then waits for it in the budget. */
    boolean awaitRoom(OutgoingMessage message) {
        if (cap > floor && sent - acked < size() && !budget.hasRoom()) {
            budget.awaitRoom(message);
            return true;
        }
        return false;
    }

    /** The window now, bytes. */
    int size() {
        return adaptive == null ? floor : adaptive.window();
    }

    /** {@code bytes} of DATA went out. */
    void onSent(int bytes) {
        if (sent == 0 && bytes >= FIRST_SAMPLE_BYTES && cap > floor) {
            firstPacketEnd = bytes;
            firstPacketSentAt = clock.nanoTime();
        }
        sent += bytes;
        budget.sent(bytes);
        if (adaptive == null) {
            if (cap <= floor || sent - acked < floor) {
                return;
            }
            adaptive = new AdaptiveWindow(floor, cap, budget);
            if (firstPacketRtt != Long.MAX_VALUE) {
                adaptive.firstPacketRtt(firstPacketRtt);
            }
        }
        adaptive.onSent(sent, sent - acked, clock.nanoTime());
    }

    /** The message is over: its window goes back to the connection's budget. */
    void release() {
        budget.settled(sent - acked);
        acked = sent;
        if (adaptive != null) {
            adaptive.release();
            adaptive = null;
        }
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
        budget.settled(consumed - acked);
        acked = consumed;
        if (firstPacketEnd > 0 && consumed >= firstPacketEnd) {
            firstPacketEnd = 0;
            firstPacketRtt = clock.nanoTime() - firstPacketSentAt;
            if (adaptive != null) {
                adaptive.firstPacketRtt(firstPacketRtt);
            }
        }
        if (adaptive != null) {
            adaptive.onAck(consumed, sent - acked, clock.nanoTime());
        }
    }

    long sent() {
        return sent;
    }

    long unacknowledged() {
        return sent - acked;
    }
}
