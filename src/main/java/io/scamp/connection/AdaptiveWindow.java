package io.scamp.connection;

/**
 * The send window of one outgoing message, tuned by the sender alone from the peer's ACKs
 * (docs/design.md, "Adaptive send window"). SCAMP's receiver cannot advertise a window, but its
 * ACKs are cumulative counts of bytes it has consumed, which is what a sender needs.
 *
 * <p>The window starts at the floor ({@code flow.max_inflight}). A round starts at an ACK (or
 * the first send) and ends once one more window of bytes has been acknowledged; decisions are
 * taken per epoch of at least {@link #EPOCH_ROUNDS} rounds and {@link #EPOCH_NANOS} (or
 * {@link #LONG_EPOCH_ROUNDS} and {@link #LONG_EPOCH_NANOS}), so that a rate on a fast path is
 * measured over more than a few packets.
 * <ul>
 * <li>Growth: after an epoch in which the window was full (the window, not the body's
 * producer, held the sender back) and most rounds were prompt (the window came back within
 * {@link #PROMPT_RTTS} minimum round trips: the path is not full yet), the window doubles, up
 * to the cap and what the connection's {@link SendBudget} grants. The epoch at the doubled
 * window decides: if its rounds were mostly still {@link #SHORT_ROUND_NANOS} or shorter (and
 * nothing else shares the connection), or its rate rose by {@link #RISING} over the rate
 * before, the doubling stands and the window doubles again; if not, it goes back, since the
 * extra bytes bought only a longer queue (ahead of every small call on the connection), and
 * no epoch grows it until the rate rises past that plateau or
 * {@link #PLATEAU_LIFETIME_EPOCHS} epochs have passed, when a doubling is tried again even if
 * the rounds were not prompt (alone on the connection, above the floor, the rate not slow).
 * A consumer that is never prompt never makes the window leave the floor; one that bounds the
 * rate next to the sender gets a window of half to all of {@link #SHORT_ROUND_NANOS} of its
 * rate (a doubling past it is tried, every plateau lifetime, and undone unless the rate rose).
 * <li>Shrinking: a rate at most {@link #SLOW} of the peak (over consecutive epochs, or already
 * within a round that takes more than twice as long as it would at the peak), measured over at
 * least {@link #SLOW_GRACE_NANOS} (so a pause of the process is not taken for it), is a
 * consumer that turned slow: the window shrinks in proportion, to the floor at least.
 * <li>Idle: after {@link #IDLE_RESTART_NANOS} without a send, the window starts again from the floor.
 * <li>Shared: in an epoch during which another message started on the connection (a small
 * call, whose packets queue behind every byte this message has in flight), a round is prompt
 * only against the round trips ({@link #SHORT_ROUND_NANOS} does not apply), and an epoch
 * whose rounds were mostly not prompt halves the window, to the floor at least: the bytes
 * beyond what the path holds only stand in a queue ahead of those calls.
 * </ul>
 *
 * <p>The round trip is sampled one packet at a time (from sending a packet to the first ACK
 * that covers it) and its minimum kept for {@link #MIN_RTT_LIFETIME_NANOS}. Those samples are
 * taken once the window is full, when a slow consumer's queue is in every one of them (Little's
 * law: a round then takes one such round trip whatever holds the bytes back), so the round trip
 * of the message's first packet, sent to an empty queue, is kept too and never expires
 * ({@link #pathRtt}): against it, a consumer that is slow from the start never looks prompt. Every method takes
 * the time as an argument (the connection's loop clock), so tests feed synthetic timings.
 * Event loop only.
 */
final class AdaptiveWindow {
    /**
     * A round delivered within this many minimum round trips did not fill the path. Under 2:
     * against a consumer slow from the start, each round trip sample holds the time to consume
     * a packet, and a floor window of two packets takes two of those.
     */
    static final double PROMPT_RTTS = 1.5;
    /**
     * The first epoch at a doubled window must beat the rate before the doubling by this factor
     * for the window to stay, unless its rounds stayed {@link #SHORT_ROUND_NANOS} or shorter.
     */
    static final double RISING = 1.1;
    /** A rate at or under this fraction of the peak is a consumer that turned slow. */
    static final double SLOW = 0.5;
    /** Decisions are taken once per epoch: at least this many rounds... */
    static final int EPOCH_ROUNDS = 4;
    /** ...and at least this long, so that a rate on a fast path is measured over more than a few packets. */
    static final long EPOCH_NANOS = 5_000_000L;
    /**
     * Or at least {@link #LONG_EPOCH_ROUNDS} rounds lasting this long: across a long path the
     * rounds themselves are long and their rates clean (a window per round trip), so two of
     * them decide, and the window doubles twice as fast on its way to filling the path
     * (64 KiB to 8 MiB across 10 ms: 7 doublings, each of 2 rounds, not 4).
     */
    static final long LONG_EPOCH_NANOS = 20_000_000L;
    /** The rounds of an epoch of {@link #LONG_EPOCH_NANOS}. */
    static final int LONG_EPOCH_ROUNDS = 2;
    /**
     * A fall in rate counts as a slow consumer only when measured over at least this long, so
     * that a pause of the process (a GC, a busy machine) does not throw the window away.
     */
    static final long SLOW_GRACE_NANOS = 100_000_000L;
    /** The peak rate forgets a little at every epoch, so one outlier does not stand for good. */
    static final double PEAK_DECAY = 0.95;
    /**
     * How many epochs a plateau holds: after them, a window-limited epoch may try a doubling
     * again, prompt or not ({@link #triesDoubling}), since one measured on a busy moment
     * need not stand for the whole transfer. Counted in epochs, not time: 50 ms on loopback,
     * where one wrong plateau would otherwise hold a whole transfer back, and about 0.2 s at
     * 10 ms. A doubling that does not pay costs one epoch at twice the window.
     */
    static final int PLATEAU_LIFETIME_EPOCHS = 10;
    /** How long a minimum round trip is trusted before a new sample replaces it. */
    static final long MIN_RTT_LIFETIME_NANOS = 10_000_000_000L;
    /** After this long without a send, the window starts again from the floor. */
    static final long IDLE_RESTART_NANOS = 1_000_000_000L;
    /**
     * A round this short counts as prompt whatever the round trips, and a doubling whose rounds
     * stay this short is kept without a rise in rate: on loopback and in a rack, rounds are
     * bound by the CPU of both ends, whose queue a wider window turns into overlapped work and
     * fewer wake-ups per byte, and a queue this short costs a small call little. (Judged
     * against the minimum round trip, whose samples are the fastest of many, a CPU-bound round
     * is rarely prompt, and a loopback transfer stayed at the floor for its whole length one
     * run in three. Judged by one epoch's rate, which on a busy 2-core loopback swings 10× from
     * one 5 ms epoch to the next at a fixed window, most doublings past 256 KiB were undone,
     * though a fixed 1 MiB window moves twice what a fixed 256 KiB one does.) A 1 MiB/s
     * consumer's rounds take 64 ms.
     */
    static final long SHORT_ROUND_NANOS = 2_000_000L;

    private final int floor;
    private final int cap;
    private final SendBudget budget;
    private int window;

    private long sampleEnd = -1;
    private long sampleSentAt;
    private long minRtt = Long.MAX_VALUE;
    private long minRttAt;
    /** The round trip of the message's first packet ({@link SendWindow}), or {@link Long#MAX_VALUE}. */
    private long pathRtt = Long.MAX_VALUE;

    private boolean roundStarted;
    private long roundStartAt;
    private long roundStartAcked;
    private int roundWindow;
    private boolean roundWindowLimited;
    /** The rate of the round that ended in the last doubling, while the round after it runs. */
    private double rateBeforeGrowth;
    /** Whether the epoch now running is the first at a doubled window. */
    private boolean grewBefore;
    /** The rate at the window a doubling of which did not pay; 0 when there is none. */
    private double plateauRate;
    /** Epochs ended since the plateau was found. */
    private int plateauEpochs;
    /** The window before the last growth, to go back to if it did not pay. */
    private int windowBeforeGrowth;
    private long epochStartAt;
    private long epochStartAcked;
    private int epochRounds;
    private int epochPromptRounds;
    /** Rounds of the epoch prompt against the round trips alone (no {@link #SHORT_ROUND_NANOS}). */
    private int epochPathPromptRounds;
    /** Rounds of the epoch no longer than {@link #SHORT_ROUND_NANOS}. */
    private int epochShortRounds;
    /** The connection's count of started messages when the epoch started. */
    private long epochMessagesStarted;
    private boolean epochWindowLimited;
    private double peakRate;
    /** When the epochs ending in slow rates began ({@link #slowFor}), or -1. */
    private long slowSince = -1;
    private long lastSendAt;
    /** The message's unacknowledged bytes at the last send or ACK, for the trace log. */
    private long unacked;

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
        return Math.min(minRtt, pathRtt);
    }

    /** The round trip of the message's first packet, which met no queue at the receiver. */
    void firstPacketRtt(long rtt) {
        pathRtt = Math.min(pathRtt, Math.max(1, rtt));
    }

    /**
     * Bytes were sent.
     *
     * @param sentTotal the message's bytes sent so far, this packet included
     * @param unacked its unacknowledged bytes now, this packet included
     * @param now the time
     */
    void onSent(long sentTotal, long unacked, long now) {
        this.unacked = unacked;
        if (roundStarted && now - lastSendAt > IDLE_RESTART_NANOS && window > floor) {
            resize(floor);
            peakRate = 0;
            slowSince = -1;
            plateauRate = 0;
            grewBefore = false;
            roundStarted = false;
        }
        lastSendAt = now;
        if (!roundStarted) {
            roundStarted = true;
            startRound(now, sentTotal - unacked, 0);
            startEpoch(now, sentTotal - unacked);
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
        this.unacked = unacked;
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
            epochRounds++;
            boolean pathPrompt = isPathPrompt(elapsed);
            boolean shortRound = elapsed <= SHORT_ROUND_NANOS;
            if (pathPrompt || shortRound) {
                epochPromptRounds++;
            }
            if (pathPrompt) {
                epochPathPromptRounds++;
            }
            if (shortRound) {
                epochShortRounds++;
            }
            epochWindowLimited |= roundWindowLimited;
            if (isEpochOver(now - epochStartAt)) {
                endEpoch((double) (acked - epochStartAcked) / (now - epochStartAt), now - epochStartAt, now);
                startEpoch(now, acked);
            }
            startRound(now, acked, unacked);
        } else if (roundWindowLimited && peakRate > 0 && elapsed > SLOW_GRACE_NANOS && elapsed > 2.0 * roundWindow / peakRate
                && rate <= SLOW * peakRate) {
            slowedTo(rate); // the round is not over, but it already runs at under half the peak
            startEpoch(now, acked);
            startRound(now, acked, unacked);
        }
    }

    /** Whether the epoch, {@code elapsed} ns long so far, has had enough rounds and time for a decision. */
    private boolean isEpochOver(long elapsed) {
        return (epochRounds >= EPOCH_ROUNDS && elapsed >= EPOCH_NANOS) || (epochRounds >= LONG_EPOCH_ROUNDS && elapsed >= LONG_EPOCH_NANOS);
    }

    /** Whether a round of {@code elapsed} ns came back within {@link #PROMPT_RTTS} minimum round trips (the recent ones and the first packet's). */
    private boolean isPathPrompt(long elapsed) {
        long rtt = minRtt();
        return rtt != Long.MAX_VALUE && elapsed <= PROMPT_RTTS * rtt;
    }

    /** The message is over: its window, floor included, goes back to the connection. Once only. */
    void release() {
        budget.release(window);
        window = floor;
    }

    /** A round from {@code now}, with {@code unacked} bytes already out (the window full already if they fill it). */
    private void startRound(long now, long acked, long unacked) {
        roundStartAt = now;
        roundStartAcked = acked;
        roundWindow = window;
        roundWindowLimited = unacked >= window;
    }

    private void startEpoch(long now, long acked) {
        epochStartAt = now;
        epochStartAcked = acked;
        epochRounds = 0;
        epochPromptRounds = 0;
        epochPathPromptRounds = 0;
        epochShortRounds = 0;
        epochMessagesStarted = budget.messagesStarted();
        epochWindowLimited = false;
    }

    private void endEpoch(double rate, long duration, long now) {
        boolean shared = budget.messagesStarted() != epochMessagesStarted;
        boolean prompt = 2 * (shared ? epochPathPromptRounds : epochPromptRounds) > epochRounds;
        long slowFor = slowFor(rate, duration, now);
        if (shared && epochWindowLimited && !prompt && window > floor) {
            grewBefore = false;
            plateauRate = 0; // the rate at half the window is no plateau to beat, nor a consumer turned slow
            peakRate *= 0.5;
            slowSince = -1;
            resize(window / 2); // a standing queue ahead of the connection's other calls
        } else if (slowFor > SLOW_GRACE_NANOS) {
            slowedTo(rate);
        } else if (grewBefore) {
            // the first epoch at a doubled window: keep it, and double again, if it paid or if
            // its rounds were still short
            grewBefore = false;
            boolean shortRounds = !shared && epochWindowLimited && 2 * epochShortRounds > epochRounds;
            if (shortRounds || rate >= RISING * rateBeforeGrowth) {
                if (epochWindowLimited) {
                    grow(rate);
                }
            } else {
                plateauRate = rateBeforeGrowth;
                plateauEpochs = 0;
                resize(windowBeforeGrowth); // the doubling bought no rate, only a longer queue
            }
        } else if (epochWindowLimited && triesDoubling(prompt, shared, slowFor, rate)) {
            grow(rate);
            if (grewBefore) {
                plateauRate = 0;
            }
        }
        peakRate = Math.max(peakRate * PEAK_DECAY, rate);
    }

    /**
     * Whether a window-limited epoch that is not judging a doubling tries one; counts the
     * epoch towards the plateau's lifetime when there is a plateau it may pass. A prompt epoch
     * doubles while there is no plateau, once its rate beats the plateau by {@link #RISING}, or
     * at the plateau's end. An epoch whose rounds were not prompt doubles only at the plateau's
     * end (never earlier, however high its rate), and counts towards it only alone on the
     * connection, with the window above the floor, and the rate not slow ({@code slowFor} 0: a
     * consumer turning slow gets no doubling while its slowness is measured). Rounds can turn long
     * with the window the limit still (a busy 2-core machine at 0.5 ms: 4 ms rounds at 1 MiB
     * against a 1 ms minimum, where a fixed 8 MiB window moves twice as much); without this a
     * doubling undone on one noisy epoch held the window for the rest of the transfer. The
     * rate test decides, as for any doubling. A consumer slow from the start never leaves the
     * floor, and one that turned slow has no plateau ({@link #slowedTo}).
     */
    private boolean triesDoubling(boolean prompt, boolean shared, long slowFor, double rate) {
        if (plateauRate == 0) {
            return prompt;
        }
        if (prompt && rate >= RISING * plateauRate) {
            return true;
        }
        if (!prompt && (shared || window <= floor || slowFor > 0)) {
            return false;
        }
        return ++plateauEpochs > PLATEAU_LIFETIME_EPOCHS;
    }

    /**
     * How long the rate has been at most {@link #SLOW} of the peak, over this epoch of
     * {@code duration} and the slow epochs right before it (epochs of a few long rounds, each
     * under {@link #SLOW_GRACE_NANOS}, add up); 0 when this epoch was not slow. A window-limited
     * epoch only, and not the first at a doubled window that paid. Called once per epoch, whatever
     * the epoch then decides.
     */
    private long slowFor(double rate, long duration, long now) {
        boolean slow = epochWindowLimited && peakRate > 0 && rate <= SLOW * peakRate && !(grewBefore && rate >= RISING * rateBeforeGrowth);
        if (!slow) {
            slowSince = -1;
            return 0;
        }
        if (slowSince < 0) {
            slowSince = now - duration;
        }
        return now - slowSince;
    }

    private void grow(double rate) {
        if (window < cap) {
            rateBeforeGrowth = rate;
            windowBeforeGrowth = window;
            resize((int) Math.min(cap, 2L * window));
            grewBefore = window > windowBeforeGrowth;
        }
    }

    /** The consumer turned slow: the window shrinks as much as the rate fell, to the floor at least. */
    private void slowedTo(double rate) {
        slowSince = -1;
        resize((int) Math.max(floor, Math.min(window, window * (rate / peakRate))));
        peakRate = rate;
        plateauRate = 0;
        grewBefore = false;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdaptiveWindow.class);

    private void resize(int wanted) {
        if (LOG.isTraceEnabled()) {
            LOG.trace(String.format("window %d -> %d, unacked %d, min RTT %d us, peak %.0f MB/s,"
                    + " before the last doubling %.0f MB/s", window, Math.max(floor, Math.min(cap, wanted)), unacked, minRtt() / 1000,
                    peakRate * 1000, rateBeforeGrowth * 1000));
        }
        int target = Math.max(floor, Math.min(cap, wanted));
        if (target > window) {
            target = window + budget.grant(target - window);
        } else if (target < window) {
            budget.release(window - target);
        }
        window = target;
    }
}
