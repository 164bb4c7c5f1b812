package io.scamp.connection;

/**
 * One connection's received bytes waiting for the application (queued in its incoming
 * messages, not yet handed to a subscriber, and what its open messages hold), against its high
 * mark and its share of the shared budget of its client or service. Over its own high mark, or
 * over its share while the shared total is over the shared mark, it asks the connection to stop
 * reading; it lets reads resume once its own count is at its low mark and either the shared
 * total at the shared low mark or its own count at half its share. Counting is two additions (one of them atomic) per queued or consumed buffer, no
 * allocation.
 *
 * <p>Confined to the connection's event loop, but {@link #sharedIsLow()}, which the shared
 * budget calls from whichever loop released bytes, hops onto it.
 */
final class ReceiveBudget {
    /** What the budget asks of its connection. */
    interface Reads {
        /** Stop reading from the socket. */
        void pauseReads();

        /** Read again. */
        void resumeReads();

        /** Runs {@code task} on the connection's event loop. */
        void onLoop(Runnable task);
    }

    /** The widest window a peer of ours opens with default settings: half the largest default buffer. */
    static final long DEFAULT_PEER_WINDOW = ReceiveLimits.MAX_DEFAULT_CONNECTION_BYTES / 2;
    /** The largest DATA packet (SCAMP.md §3): a sender may have one more in flight than its window. */
    private static final long PACKET_BYTES = io.scamp.wire.PacketEncoder.MAX_BODY;

    private final long high;
    private final long low;
    private final SharedReceiveBudget shared;
    private final Reads reads;
    private final Runnable wokenByShared = () -> {
        awaitingShared = false;
        recheck();
    };
    private long queued;
    private long consumedTotal;
    private boolean paused;
    private boolean awaitingShared;
    private boolean closed;
    private boolean counted;
    /** Whether a message of ours waits for the peer's ACK: the high mark is then {@link #starvedHigh}. */
    private boolean awaitingOurAcks;

    ReceiveBudget(long connectionBytes, SharedReceiveBudget shared, Reads reads) {
        this.high = connectionBytes;
        this.low = connectionBytes / 2;
        this.shared = shared;
        this.reads = reads;
    }

    /**
     * The connection is up (its TLS handshake done): from now on it counts among the shared
     * budget's shares, so connections that never finish a handshake do not shrink the others'.
     * Idempotent; undone by {@link #close()}.
     */
    void countInShares() {
        if (!counted && !closed) {
            counted = true;
            shared.register();
        }
    }

    /** {@code n} bytes arrived and wait for the application. */
    void received(int n) {
        if (closed) {
            return;
        }
        queued += n;
        boolean sharedOver = shared.add(n);
        if (!paused && (queued > currentHigh() || overShare(sharedOver))) {
            paused = true;
            reads.pauseReads();
            recheck();
        }
    }

    /** {@code n} waiting bytes were handed to the application or dropped. */
    void consumed(int n) {
        consumedTotal += n;
        if (closed) {
            return;
        }
        queued -= n;
        shared.release(n);
        if (paused) {
            recheck();
        }
    }

    /** The connection closed: whatever it still counts no longer weighs on the shared budget. */
    void close() {
        if (!closed) {
            closed = true;
            shared.release(queued);
            if (counted) {
                shared.unregister();
            }
            if (awaitingShared) {
                shared.forget(this);
            }
            queued = 0;
        }
    }

    /**
     * The high mark while one of our own messages on this connection waits for the peer's ACK:
     * twice the mark, and at least the widest window a peer of ours with default settings opens
     * ({@link #DEFAULT_PEER_WINDOW}), and two packets. Pausing reads then would also stop us
     * reading the ACKs we wait for; with a handler that streams its reply from its request (an
     * echo), a peer whose window is past our mark would wait for our ACKs while we wait for its,
     * for good. Twice the mark lets through a peer of ours whose window is up to half its own
     * receive buffer with up to four times ours; the floor lets through any peer of ours with
     * default settings, whatever our heap (a {@code -Xmx64m} service's twice the mark, 7.5 MiB, is
     * under a big-heap client's 8 MiB window: HostilePeersIT's echo to a pausing consumer stalled
     * so). The shared budget's fair share still applies, so many such connections cannot take
     * more than it bounds.
     */
    private long starvedHigh() {
        return Math.max(2 * high, DEFAULT_PEER_WINDOW) + 2 * PACKET_BYTES;
    }

    /** Whether this connection holds more than its share while the shared total is over its mark. */
    private boolean overShare(boolean sharedOver) {
        return sharedOver && queued > shared.share();
    }

    private long currentHigh() {
        return awaitingOurAcks ? starvedHigh() : high;
    }

    /**
     * Whether one of our messages on this connection waits for the peer's ACK (its window is
     * full): while it does, reads go on up to {@link #starvedHigh()}, so that the ACK can arrive.
     */
    void awaitingOurAcks(boolean waiting) {
        if (closed || awaitingOurAcks == waiting) {
            return;
        }
        awaitingOurAcks = waiting;
        if (waiting) {
            if (paused && queued <= starvedHigh() && !overShare(shared.queuedBytes() > shared.limit())) {
                paused = false;
                reads.resumeReads();
            }
        } else if (!paused && queued > high) {
            paused = true;
            reads.pauseReads();
            recheck();
        }
    }

    /** Called by the shared budget, from any thread, once its total is low. */
    void sharedIsLow() {
        reads.onLoop(wokenByShared);
    }

    private void recheck() {
        if (closed || !paused || queued > low) {
            return; // still over its own mark: its own consumption will recheck
        }
        if (!shared.isLow() && queued > shared.share() / 2) {
            if (!awaitingShared) {
                awaitingShared = true;
                shared.awaitLow(this);
            }
            return;
        }
        paused = false;
        reads.resumeReads();
    }

    /** Whether reads are paused for this budget. */
    boolean isPaused() {
        return paused;
    }

    /** Bytes waiting now. */
    long queued() {
        return queued;
    }

    /** Bytes ever consumed: what the stall check watches for progress. */
    long consumedTotal() {
        return consumedTotal;
    }

    /** The connection's high mark. */
    long limit() {
        return high;
    }
}
