package io.scamp.cli;

import java.util.concurrent.TimeUnit;

/**
 * A mailbox of one for a dashboard client: the writer thread takes what waits, and a new event
 * offered before it was taken replaces it (counted as coalesced). A browser that reads slowly
 * thus gets the latest table, never a backlog: what one client holds is bounded by one event.
 */
final class LatestEvent {
    /** What {@link #take} returned when nothing came within the wait: time for a keep-alive. */
    static final byte[] NOTHING = new byte[0];

    private byte[] pending;
    private boolean closed;
    private long offered;
    private long coalesced;

    /** Leaves {@code event} for the writer, replacing one it has not taken yet. */
    synchronized void offer(byte[] event) {
        if (closed) {
            return;
        }
        if (pending != null) {
            coalesced++;
        }
        pending = event;
        offered++;
        notifyAll();
    }

    /**
     * The waiting event, waiting up to {@code timeoutMillis} for one.
     *
     * @return the event; {@link #NOTHING} when none came in time; {@code null} once closed
     */
    synchronized byte[] take(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (pending == null && !closed) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return NOTHING;
            }
            wait(left);
        }
        if (closed) {
            return null;
        }
        byte[] event = pending;
        pending = null;
        return event;
    }

    /** Wakes the writer for good: {@link #take} returns {@code null} from now on. */
    synchronized void close() {
        closed = true;
        pending = null;
        notifyAll();
    }

    /** Events offered so far. */
    synchronized long offered() {
        return offered;
    }

    /** Events replaced before the writer took them. */
    synchronized long coalesced() {
        return coalesced;
    }
}
