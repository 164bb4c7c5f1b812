package io.scamp.connection;

/**
 * How far a sender's window may grow beyond {@code flow.max_inflight}: whether it adapts at all
 * ({@code flow.adaptive}), its cap per message ({@code flow.max_window}) and the sum of the
 * windows of one connection's messages ({@code flow.connection_window}). See
 * {@link AdaptiveWindow} and docs/design.md ("Adaptive send window").
 *
 * @param adaptive whether windows grow at all; {@code false} keeps every window at {@code flow.max_inflight}
 * @param maxWindow the largest window of one message, bytes
 * @param connectionWindow the most the windows of one connection's messages may sum to, bytes
 */
public record WindowLimits(boolean adaptive, int maxWindow, long connectionWindow) {
    /** {@code flow.max_window} default: 16 MiB, a little more than 1.2 GB/s across 10 ms. */
    public static final int DEFAULT_MAX_WINDOW = 16 << 20;
    /** {@code flow.connection_window} default: four messages at the cap. */
    public static final long DEFAULT_CONNECTION_WINDOW = 4L * DEFAULT_MAX_WINDOW;

    /**
     * Checks the values.
     *
     * @param adaptive whether windows grow
     * @param maxWindow the cap per message, positive
     * @param connectionWindow the sum per connection, at least {@code maxWindow}
     * @throws IllegalArgumentException if a value is out of range
     */
    public WindowLimits {
        if (maxWindow < 1) {
            throw new IllegalArgumentException("maxWindow must be positive: " + maxWindow);
        }
        if (connectionWindow < maxWindow) {
            throw new IllegalArgumentException("the connection window (" + connectionWindow + ") must not be smaller than one message's ("
                    + maxWindow + ")");
        }
    }

    /**
     * Adaptive, 16 MiB per message, 64 MiB per connection.
     *
     * @return the defaults
     */
    public static WindowLimits defaults() {
        return new WindowLimits(true, DEFAULT_MAX_WINDOW, DEFAULT_CONNECTION_WINDOW);
    }

    /**
     * Today's fixed window: every message keeps {@code flow.max_inflight}.
     *
     * @return limits that never grow a window
     */
    public static WindowLimits fixed() {
        return new WindowLimits(false, DEFAULT_MAX_WINDOW, DEFAULT_CONNECTION_WINDOW);
    }
}
