package io.scamp.connection;

/**
 * The send windows of one connection's outgoing messages together ({@code flow.connection_window}):
 * every message starts at its floor, and a message's {@link AdaptiveWindow} grows only by what
 * this budget grants, so the windows of all messages sum to at most the budget (or to their
 * floors, if the floors alone are more).
 *
 * <p>It also counts the bytes in flight (sent and not yet acknowledged, over every open
 * message) and bounds them by the same limit: an adaptive message sends only while they are
 * under it, so 10,000 messages at their floors have at most the limit and one packet in flight,
 * not 10,000 floors. A message held back waits in a queue here ({@link #awaitRoom}) and is woken
 * as ACKs, or messages that end, free room; one that ends settles what it still had in flight,
 * so a peer that never ACKs (SCAMP.md §11) holds the room of its open messages only. The peak is
 * kept for tests and meters. Event loop only.
 */
final class SendBudget {
    private final long limit;
    private long committed;
    private long inFlight;
    private long peakInFlight;
    /** Messages started on the connection so far, for {@link #messagesStarted}. */
    private long started;
    /** Messages held back for room, woken in order; at most one entry per open message. */
    private final java.util.ArrayDeque<OutgoingMessage> waiting = new java.util.ArrayDeque<>();
    /** Room counted per woken message: a floor-window packet; one that finds no room waits again. */
    private static final int ROOM_PER_WAKE = 32 * 1024;

    /**
     * A budget with nothing committed.
     *
     * @param limit the bytes the windows of all messages may sum to
     */
    SendBudget(long limit) {
        this.limit = limit;
    }

    /** A message started on the connection (any message, adaptive or not, a small call's included). */
    void messageStarted() {
        started++;
    }

    /**
     * How many messages have started on the connection: a window that sees the count move
     * shares the connection with other calls, whose packets queue behind its bytes in flight.
     */
    long messagesStarted() {
        return started;
    }

    /** A message's window of {@code floor} is committed: always granted. */
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

    /** A message sent {@code bytes} of DATA. */
    void sent(int bytes) {
        inFlight += bytes;
        if (inFlight > peakInFlight) {
            peakInFlight = inFlight;
        }
    }

    /** {@code bytes} of a message's DATA were acknowledged, or forgotten with the message. */
    void settled(long bytes) {
        inFlight -= bytes;
        for (long room = limit - inFlight; room > 0 && !waiting.isEmpty(); room -= ROOM_PER_WAKE) {
            waiting.poll().roomFreed();
        }
    }

    /** Whether an adaptive message may send another packet: fewer bytes than the limit are in flight. */
    boolean hasRoom() {
        return inFlight < limit;
    }

    /** {@code message} waits for room; it is told by {@link OutgoingMessage#roomFreed}. */
    void awaitRoom(OutgoingMessage message) {
        waiting.add(message);
    }

    /** The most DATA sent and not yet acknowledged, over every open message, has been. */
    long peakInFlight() {
        return peakInFlight;
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
