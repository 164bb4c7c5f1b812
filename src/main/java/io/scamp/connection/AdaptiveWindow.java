package io.scamp.connection;

/**
 * The send window of one outgoing message, tuned by the sender alone from the peer's ACKs
 * (docs/design.md, "Adaptive send window"). SCAMP's receiver cannot advertise a window, but its
 * ACKs are cumulative counts of bytes it has consumed, which is what a sender needs.
 *
 * <p>The window starts at the floor ({@code flow.max_inflight}). Time is cut into rounds: a
 * round starts at an ACK (or the first send) and ends once one more window of bytes has been
 * acknowledged. At the end of a round in which the window was full (the window, not the body's
 * producer, held the sender back) the window doubles, up to the cap and what the connection's
 * {@link SendBudget} grants, if the round was prompt (the window came back within
 * {@link #PROMPT_RTTS} minimum round trips: the path is not full yet) or its delivery rate rose
 * by at least a quarter over the last round's (the last doubling paid off). A consumer that
 * keeps up with neither never makes the window grow. A round whose rate falls to half the peak
 * rate (at its end, or already while it runs and takes more than twice as long as it would at
 * the peak) is a consumer that turned slow: the window shrinks in proportion, to the floor at
 * least, at once. After a second without sending, the window starts again from the floor.
 *
 * <p>The round trip is sampled one packet at a time (the time from sending a packet to the
 * first ACK that covers it) and its minimum kept for {@link #MIN_RTT_LIFETIME_NANOS}. All
 * methods take the time as an argument (from {@link System#nanoTime()}), so tests can feed
 * synthetic timings. Event loop only.
 */
final class AdaptiveWindow {
    /**
     * A round delivered within this many minimum round trips did not fill the path. Under 2:
     * against a consumer slow from the start, each round trip sample holds the time to consume
     * a packet, and a floor window of two packets takes two of those.
     */
    static final double PROMPT_RTTS = 1.5;
    /** A round's delivery rate must beat the last round's by this factor to count as rising. */
    static final double RISING = 1.25;
    /** A rate at or under this fraction of the peak is a consumer that turned slow. */
    static final double SLOW = 0.5;
    /** How long a minimum round trip is trusted before a new sample replaces it. */
    static final long MIN_RTT_LIFETIME_NANOS = 10_000_000_000L;
    /** After this long without a send, the window starts again from the floor. */
    static final long IDLE_RESTART_NANOS = 1_000_000_000L;

    private final int floor;
    private final int cap;
    private final SendBudget budget;
    private int window;

    private long sampleEnd = -1;
    private long sampleSentAt;
    private long minRtt = Long.MAX_VALUE;
    private long minRttAt;

    private boolean roundStarted;
    private long roundStartAt;
    private long roundStartAcked;
    private int roundWindow;
    private boolean roundWindowLimited;
    private double lastRate;
    private double peakRate;
    private long lastSendAt;

    /**
     * A window at {@code floor}.
     *
     * @param floor the smallest window, and the first ({@code flow.max_inflight})
     * @param cap the largest ({@code flow.max_window}); equal to {@code floor} for a fixed window
     * @param budget what the connection grants beyond the floor
     */
    AdaptiveWindow(int floor, int cap, SendBudget budget) {
        this.floor = floor;
        this.cap = Math.max(floor, cap);
        this.budget = budget;
        this.window = floor;
        budget.open(floor);
    }

    /** The window now, bytes. */
    int window() {
        return window;
    }

    /** The minimum round trip seen, nanoseconds, or {@link Long#MAX_VALUE} before the first sample. */
    long minRtt() {
        return minRtt;
    }

    /**
     * Bytes were sent.
     *
     * @param sentTotal the message's bytes sent so far, this packet included
     * @param unacked its unacknowledged bytes now, this packet included
     * @param now the time
     */
    void onSent(long sentTotal, long unacked, long now) {
        if (roundStarted && now - lastSendAt > IDLE_RESTART_NANOS && window > floor) {
            resize(floor);
            peakRate = 0;
            lastRate = 0;
            roundStarted = false;
        }
        lastSendAt = now;
        if (!roundStarted) {
            roundStarted = true;
            startRound(now, sentTotal - unacked);
        }
        if (sampleEnd < 0) {
            sampleEnd = sentTotal;
            sampleSentAt = now;
        }
        if (unacked >= window) {
            roundWindowLimited = true;
        }
    }

    /**
     * The peer acknowledged bytes.
     *
     * @param acked its cumulative ACK
     * @param unacked the message's unacknowledged bytes after it
     * @param now the time
     */
    void onAck(long acked, long unacked, long now) {
        if (sampleEnd >= 0 && acked >= sampleEnd) {
            long rtt = Math.max(1, now - sampleSentAt);
            if (rtt < minRtt || now - minRttAt > MIN_RTT_LIFETIME_NANOS) {
                minRtt = rtt;
                minRttAt = now;
            }
            sampleEnd = -1;
        }
        if (!roundStarted) {
            return;
        }
        long elapsed = Math.max(1, now - roundStartAt);
        double rate = (double) (acked - roundStartAcked) / elapsed;
        if (acked - roundStartAcked >= roundWindow) {
            endRound(rate, elapsed);
            startRound(now, acked);
            roundWindowLimited = unacked >= window;
        } else if (peakRate > 0 && elapsed > 2 * roundWindow / peakRate && elapsed > PROMPT_RTTS * minRtt
                && rate <= SLOW * peakRate) {
            slowedTo(rate); // the round is not over, but it already runs at under half the peak
            startRound(now, acked);
            roundWindowLimited = unacked >= window;
        }
    }

    /** The message is over: its window, floor included, goes back to the connection. Once only. */
    void release() {
        budget.release(window);
        window = floor;
    }

    private void startRound(long now, long acked) {
        roundStartAt = now;
        roundStartAcked = acked;
        roundWindow = window;
        roundWindowLimited = false;
    }

    private void endRound(double rate, long elapsed) {
        boolean rising = lastRate > 0 && rate >= RISING * lastRate;
        boolean prompt = minRtt != Long.MAX_VALUE && elapsed <= PROMPT_RTTS * minRtt;
        if (peakRate > 0 && rate <= SLOW * peakRate && !rising) {
            slowedTo(rate);
        } else if (roundWindowLimited && (prompt || rising) && window < cap) {
            resize((int) Math.min(cap, 2L * window));
        }
        lastRate = rate;
        peakRate = Math.max(peakRate, rate);
    }

    /** The consumer turned slow: the window shrinks as much as the rate fell, to the floor at least. */
    private void slowedTo(double rate) {
        resize((int) Math.max(floor, Math.min(window, window * (rate / peakRate))));
        peakRate = rate;
        lastRate = rate;
    }

    private void resize(int wanted) {
        int target = Math.max(floor, Math.min(cap, wanted));
        if (target > window) {
            target = window + budget.grant(target - window);
        } else if (target < window) {
            budget.release(window - target);
        }
        window = target;
    }
}
