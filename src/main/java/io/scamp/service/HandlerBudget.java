package io.scamp.service;

import io.scamp.connection.RequestDispatcher;
import io.scamp.message.Reply;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests a service lets run at once: at most {@code perConnection} open on one
 * connection, and {@code perService} handlers across connections, shared fairly. Once the
 * service runs {@code perService} handlers, a connection that runs fewer than its share
 * ({@code perService} divided among the open connections, at least {@link #MIN_SHARE}) is still
 * admitted; only connections at or above their share are refused. A few connections that open
 * thousands of requests (hostile or merely greedy) therefore cannot refuse every other
 * requester: each keeps its share.
 *
 * <p>The total stays bounded: what ran past the limit is what connections under their share
 * started, at most {@code perService} in all, or {@link #MIN_SHARE} per connection when there
 * are more connections than {@code perService / MIN_SHARE}. So at most
 * {@code perService + max(perService, MIN_SHARE * connections)} handlers run.
 *
 * <p>Thread-safe: connections on every event loop share one budget.
 */
final class HandlerBudget {
    /** The share every connection keeps, however many there are. */
    static final int MIN_SHARE = 4;

    private final int perConnection;
    private final int perService;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    /**
     * A budget with nothing running.
     *
     * @param perConnection requests open at once on one connection, at least 1
     * @param perService handlers running at once across connections before shares apply, at least 1
     */
    HandlerBudget(int perConnection, int perService) {
        if (perConnection < 1 || perService < 1) {
            throw new IllegalArgumentException("concurrency limits must be at least 1: " + perConnection + " per connection, "
                    + perService + " per service");
        }
        this.perConnection = perConnection;
        this.perService = perService;
    }

    /**
     * Admits a request on a connection that has {@code openOnConnection} open, counting it as
     * running if admitted (each admission is followed by one {@link #finished()}).
     *
     * @param openOnConnection the requests open on that connection now
     * @return {@code null} if admitted, else the {@code busy} reply that refuses it
     */
    Reply admit(int openOnConnection) {
        if (openOnConnection >= perConnection) {
            return RequestDispatcher.busy("too many requests open on this connection (limit " + perConnection + ")");
        }
        if (running.incrementAndGet() > perService) {
            int share = share();
            if (openOnConnection >= share) {
                running.decrementAndGet();
                return RequestDispatcher.busy("the service runs its maximum of " + perService
                        + " handlers and this connection has its share of them (" + share + ")");
            }
        }
        return null;
    }

    /** An admitted request's handler ended. */
    void finished() {
        running.decrementAndGet();
    }

    /** A connection came up: shares are counted among one more. */
    void connectionOpened() {
        connections.incrementAndGet();
    }

    /** A connection that {@link #connectionOpened() came up} ended. */
    void connectionClosed() {
        connections.decrementAndGet();
    }

    /** What each open connection may run once the service is at its limit. */
    int share() {
        return Math.max(MIN_SHARE, perService / Math.max(1, connections.get()));
    }

    /** Handlers running now. */
    int running() {
        return running.get();
    }
}
