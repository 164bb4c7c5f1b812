package io.scamp.connection;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The received bytes waiting for the application across all connections of one client or
 * service ({@link ReceiveLimits#totalBytes()}), shared fairly: above the high mark, a
 * connection that receives more stops reading if it holds more than its share (the high mark
 * divided among the connections that are up, TLS done, at least {@link #MIN_SHARE_BYTES}); once the total falls
 * to the low mark (half the high one), or its own count to half its share, a connection held
 * back reads again. So a few connections whose bytes nobody consumes (a hostile peer's flood,
 * bodies nobody subscribed to) cannot stop every other connection's reads: each keeps its share.
 * The total stays bounded: past the mark only connections under their share add bytes, so it
 * stays under twice the mark, or the mark plus {@link #MIN_SHARE_BYTES} per connection (plus
 * the packets of one read burst each). Thread-safe: connections on different event loops share
 * it; each addition is one atomic add.
 */
public final class SharedReceiveBudget {
    /** The share every connection keeps, however many there are: one default ACK window. */
    static final long MIN_SHARE_BYTES = 64 * 1024;

    private final long high;
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
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

    /** A connection's budget now counts among the shares. */
    void register() {
        connections.incrementAndGet();
    }

    /** A {@link #register() registered} connection closed. */
    void unregister() {
        connections.decrementAndGet();
    }

    /** A closed connection's budget no longer waits to be woken. */
    void forget(ReceiveBudget budget) {
        waiting.remove(budget);
    }

    /** What each connection may hold while the total is over the mark. */
    long share() {
        return Math.max(MIN_SHARE_BYTES, high / Math.max(1, connections.get()));
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
