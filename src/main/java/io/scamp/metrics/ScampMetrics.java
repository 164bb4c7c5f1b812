package io.scamp.metrics;

/**
 * What one client or service reports to its meters: it makes the recorder of each of its
 * connections and times the client's TCP connects. {@link #NONE} records nothing and costs
 * nothing (no clock read, no allocation): it is what a client or service uses unless its
 * builder was given a {@code MeterRegistry}. Thread-safe.
 */
public interface ScampMetrics {
    /** Records nothing. */
    ScampMetrics NONE = new ScampMetrics() {
    };

    /**
     * The recorder of a new connection.
     *
     * @param address the service's address on a client's connection (the pool's key, tagged on
     *     the per-address pool gauge), {@code null} on a service's
     * @return its recorder; {@link ConnectionMetrics#NONE} when nothing is recorded
     */
    default ConnectionMetrics connection(String address) {
        return ConnectionMetrics.NONE;
    }

    /**
     * A client starts a TCP connect.
     *
     * @return the time to pass to {@link #connectEnded}; 0 when nothing is recorded
     */
    default long connectStarted() {
        return 0;
    }

    /**
     * A TCP connect started at {@code startedAt} is over.
     *
     * @param startedAt what {@link #connectStarted()} returned
     * @param connected whether the socket connected (false: refused, unreachable, cancelled)
     */
    default void connectEnded(long startedAt, boolean connected) {
    }
}
