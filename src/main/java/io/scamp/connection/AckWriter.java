package io.scamp.connection;

import io.scamp.metrics.ConnectionMetrics;
import io.scamp.wire.PacketEncoder;
import io.scamp.wire.PacketType;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * The ACKs a connection owes its peer for the bodies it receives (SCAMP.md §4): coalesced per
 * message until the next write turn, or written and flushed at once for a bulk body
 * ({@link IncomingMessage} decides which), and how much of a large DATA body is handed over
 * first so that it is ACKed before the rest (docs/design.md, "Receiving"). Each ACK is charged
 * to what the {@link ReadGate} lets queue while this side's output waits. Event loop only.
 */
final class AckWriter {
    /** About what an ACK takes on the wire, for {@link ReadGate#answered}. */
    private static final int ACK_BYTES = 32;

    private final FairWriter writer;
    private final ReadGate gate;
    private final ConnectionMetrics metrics;
    private final BooleanSupplier closed;
    private final int maxInflight;
    private final int firstPartOfLargeBodies;
    /** Messages with consumed bytes to ACK at the next write turn; each at most once ({@link IncomingMessage#ackPending}). */
    private final ArrayDeque<IncomingMessage> due = new ArrayDeque<>();

    /**
     * @param writer what the ACKs are written through
     * @param gate what they are charged to
     * @param metrics what counts them
     * @param closed whether the connection has closed: nothing more is written then
     * @param maxInflight this side's {@code flow.max_inflight}, usually the peer's floor too
     */
    AckWriter(FairWriter writer, ReadGate gate, ConnectionMetrics metrics, BooleanSupplier closed, int maxInflight) {
        this.writer = writer;
        this.gate = gate;
        this.metrics = metrics;
        this.closed = closed;
        this.maxInflight = maxInflight;
        this.firstPartOfLargeBodies = Math.max(IncomingMessage.EAGER_ACK_BYTES, maxInflight / 4);
    }

    /**
     * How much of a DATA body of {@code length} bytes is handed to the application first, on
     * its own, so that it is ACKed before the rest: a quarter of this side's window
     * ({@code flow.max_inflight}, usually the peer's floor too, at least the eager ACK
     * threshold) for a body over that quarter which fits the window, since a packet that fills
     * much of its sender's window holds the sender back until it is ACKed; {@code length}
     * (no split) for any other. With the default window a peer's 32 KiB packets are ACKed
     * 16 KiB at a time; a body larger than the window comes from a window that has grown (or a
     * sender that does not wait for ACKs) and costs one ACK, not two.
     */
    int firstPartOf(int length) {
        return length > firstPartOfLargeBodies && length <= maxInflight ? firstPartOfLargeBodies : length;
    }

    /** {@code message} has consumed bytes to ACK, at the start of the next write turn. */
    void later(IncomingMessage message) {
        due.add(message);
        writer.schedule();
    }

    /** Writes and flushes {@code ACK msgNo consumed} now, with whatever else is batched. */
    void now(long msgNo, long consumed) {
        if (!closed.getAsBoolean()) {
            write(msgNo, consumed);
            writer.flushNow();
        }
    }

    /** The write turn starts: one ACK per message that consumed bytes since its last. */
    void writeDue() {
        IncomingMessage m;
        while ((m = due.poll()) != null) {
            long consumed = m.takeAck();
            if (consumed > 0 && !closed.getAsBoolean()) {
                write(m.msgNo(), consumed);
            }
        }
    }

    /** The connection failed: nothing is owed any more. */
    void clear() {
        due.clear();
    }

    private void write(long msgNo, long consumed) {
        PacketEncoder.writeAck(writer.target(), msgNo, consumed);
        metrics.packetSent(PacketType.ACK, 0);
        gate.answered(ACK_BYTES);
    }
}
