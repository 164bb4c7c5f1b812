package io.scamp.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * How many received bytes may wait for the application before a connection stops reading
 * from its socket, per connection and across all connections of a client or service, and how
 * long reads may stay paused without the application consuming anything before the connection
 * is failed ({@code flow.connection_receive_buffer}, {@code flow.receive_buffer},
 * {@code flow.receive_stall_timeout}).
 *
 * <p>A connection stops reading above its high mark and reads again once consumption has
 * brought it to its low mark, half the high one; the TCP window then slows the sender down,
 * whatever its implementation (one that ignores the ACK window included). The same holds for
 * the total across connections.
 *
 * @param connectionBytes the high mark of one connection, bytes
 * @param totalBytes the high mark of all connections of one client or service together, bytes
 * @param stallTimeout how long reads may stay paused for want of consumption (or a peer may leave
 *     our output unread) before the connection fails with a
 *     {@link io.scamp.message.ConnectionStalledException}; zero never fails it
 */
public record ReceiveLimits(long connectionBytes, long totalBytes, Duration stallTimeout) {
    /** The smallest high mark: a little over one maximal DATA packet and its window. */
    public static final long MIN_BYTES = 256 * 1024;
    /** The largest default per-connection buffer (a sixteenth of the heap, at most this). */
    static final long MAX_DEFAULT_CONNECTION_BYTES = 16L << 20;

    /**
     * Checks the values.
     *
     * @param connectionBytes the high mark of one connection, bytes
     * @param totalBytes the high mark of all connections together, bytes
     * @param stallTimeout how long reads may stay paused without progress; zero: forever
     * @throws IllegalArgumentException if a mark is under {@link #MIN_BYTES}, the total under
     *     the connection's, or the timeout negative
     */
    public ReceiveLimits {
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        if (connectionBytes < MIN_BYTES || totalBytes < MIN_BYTES) {
            throw new IllegalArgumentException("receive buffers must be at least " + MIN_BYTES + " bytes: "
                    + connectionBytes + " per connection, " + totalBytes + " in all");
        }
        if (totalBytes < connectionBytes) {
            throw new IllegalArgumentException("the total receive buffer (" + totalBytes
                    + ") must not be smaller than one connection's (" + connectionBytes + ")");
        }
        if (stallTimeout.isNegative()) {
            throw new IllegalArgumentException("stallTimeout must not be negative: " + stallTimeout);
        }
    }

    /**
     * The defaults, scaled to this JVM's maximum heap so that a small heap is safe without any
     * configuration: a sixteenth of the heap per connection (256 KiB to 16 MiB), a quarter in
     * all (1 MiB to 256 MiB), 60 s of stall. At {@code -Xmx64m}: 4 MiB and 16 MiB.
     *
     * @return the limits for this JVM
     */
    public static ReceiveLimits defaults() {
        return forHeap(Runtime.getRuntime().maxMemory());
    }

    /**
     * The defaults for a heap of {@code maxHeapBytes} (see {@link #defaults()}).
     *
     * @param maxHeapBytes the maximum heap, bytes
     * @return the limits
     */
    public static ReceiveLimits forHeap(long maxHeapBytes) {
        long connection = clamp(maxHeapBytes / 16, MIN_BYTES, MAX_DEFAULT_CONNECTION_BYTES);
        long total = Math.max(connection, clamp(maxHeapBytes / 4, 1L << 20, 256L << 20));
        return new ReceiveLimits(connection, total, Duration.ofSeconds(60));
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
