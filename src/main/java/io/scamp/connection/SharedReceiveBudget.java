package io.scamp.connection;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The received bytes waiting for the application across all connections of one client or
 * service ({@link ReceiveLimits#totalBytes()}): above the high mark every connection that
 * receives more stops reading; once the total falls to the low mark (half the high one), the
 * connections that were held back for it read again. Thread-safe: connections on different
 * event loops share it; each addition is one atomic add.
 */
public final class SharedReceiveBudget {
    private final long high;
    private final long low;
    private final AtomicLong queued = new AtomicLong();
    /** Connections held back until the total is low again; each is in it at most once. */
    private final ConcurrentLinkedQueue<ReceiveBudget> waiting = new ConcurrentLinkedQueue<>();

    /**
     * A budget of {@code totalBytes} across connections.
     *
     * @param totalBytes the high mark, bytes
     */
    public SharedReceiveBudget(long totalBytes) {
        this.high = totalBytes;
        this.low = totalBytes / 2;
    }

    /** Counts {@code n} more waiting bytes; true when the total is now over the high mark. */
    boolean add(long n) {
        return queued.addAndGet(n) > high;
    }

    /** Counts {@code n} bytes consumed; wakes the waiting connections once the total is low. */
    void release(long n) {
        if (queued.addAndGet(-n) <= low && !waiting.isEmpty()) {
            wakeAll();
        }
    }

    boolean isLow() {
        return queued.get() <= low;
    }

    /** Wakes {@code budget} (on its own loop) once the total is low, at once if it already is. */
    void awaitLow(ReceiveBudget budget) {
        waiting.add(budget);
        if (isLow()) {
            wakeAll();
        }
    }

    private void wakeAll() {
        ReceiveBudget budget;
        while ((budget = waiting.poll()) != null) {
            budget.sharedIsLow();
        }
    }

    /**
     * The bytes received and not yet consumed, now.
     *
     * @return the total across connections, bytes
     */
    public long queuedBytes() {
        return queued.get();
    }

    /**
     * The high mark.
     *
     * @return {@link ReceiveLimits#totalBytes()} of the limits it was made for
     */
    public long limit() {
        return high;
    }
}
