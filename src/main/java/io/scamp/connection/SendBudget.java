package io.scamp.connection;

/**
 * The send windows of one connection's outgoing messages together ({@code flow.connection_window}):
 * every message starts at its floor, which it always gets, and a message's {@link AdaptiveWindow}
 * grows only by what this budget grants, so the windows of all messages sum to at most the
 * budget (or to their floors, if the floors alone are more). Since a message never has more
 * than its window unacknowledged (plus the one packet that crosses it), this bounds what a
 * connection has in flight across messages. Event loop only.
 */
final class SendBudget {
    private final long limit;
    private long committed;

    /**
     * A budget with nothing committed.
     *
     * @param limit the bytes the windows of all messages may sum to
     */
    SendBudget(long limit) {
        this.limit = limit;
    }

    /** A message started with a window of {@code floor}: always granted. */
    void open(int floor) {
        committed += floor;
    }

    /**
     * Grants up to {@code wanted} more bytes of window.
     *
     * @param wanted how much a message would grow
     * @return what it may grow by, 0 to {@code wanted}
     */
    int grant(int wanted) {
        long granted = Math.max(0, Math.min(wanted, limit - committed));
        committed += granted;
        return (int) granted;
    }

    /** A message gave back {@code bytes} of window (it shrank, or ended: its floor included then). */
    void release(int bytes) {
        committed -= bytes;
    }

    /** The windows of the open messages, summed. */
    long committed() {
        return committed;
    }

    /** The limit. */
    long limit() {
        return limit;
    }
}
