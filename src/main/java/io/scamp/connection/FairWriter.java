package io.scamp.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;

/**
 * Writes a connection's outgoing packets (SCAMP.md §3 "multiplexing").
 *
 * <p>Messages with a packet ready wait in a round-robin queue; each turn takes one packet from
 * the message at the head and puts it back at the tail, so DATA of concurrent messages is
 * interleaved packet by packet and a small message never waits behind a large one. Writing
 * happens in one task per event-loop turn that ends in a single flush, so many ready packets
 * cost one flush, and it stops while the channel is not writable. Control packets (HEADER,
 * ACK, PONG) are written at once and ride the same flush. Event loop only.
 */
final class FairWriter {
    private final ChannelHandlerContext ctx;
    private final ArrayDeque<OutgoingMessage> ready = new ArrayDeque<>();
    private final Runnable flushTask = this::writeReady;
    private final Runnable beforeWrite;
    private boolean scheduled;
    private boolean unflushed;

    /** {@code beforeWrite} runs at the start of each write turn (the connection writes coalesced ACKs there). */
    FairWriter(ChannelHandlerContext ctx, Runnable beforeWrite) {
        this.ctx = ctx;
        this.beforeWrite = beforeWrite;
    }

    /** Queues {@code message} for a turn if it has a packet ready. */
    void markReady(OutgoingMessage message) {
        if (!message.queued && message.hasPacketReady()) {
            message.queued = true;
            ready.addLast(message);
            schedule();
        }
    }

    /** Writes a control packet ahead of queued DATA; takes ownership of {@code packet}. */
    void writeControl(ByteBuf packet) {
        ctx.write(packet, ctx.voidPromise());
        unflushed = true;
        schedule();
    }

    /** Makes sure a write turn runs after the current task. */
    void schedule() {
        if (!scheduled) {
            scheduled = true;
            ctx.executor().execute(flushTask);
        }
    }

    /** Drops every queued message (the connection is closing). */
    void clear() {
        for (OutgoingMessage m : ready) {
            m.queued = false;
        }
        ready.clear();
    }

    private void writeReady() {
        // 'scheduled' stays set during the turn so that signals raised while writing join this turn.
        beforeWrite.run();
        if (!ctx.channel().isActive()) {
            scheduled = false;
            return;
        }
        OutgoingMessage message;
        while (ctx.channel().isWritable() && (message = ready.pollFirst()) != null) {
            message.queued = false;
            ByteBuf packet = message.nextPacket(ctx.alloc());
            if (packet != null) {
                ctx.write(packet, ctx.voidPromise());
                unflushed = true;
            }
            markReady(message);
        }
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        scheduled = false;
        // The flush may have made the channel writable again without a wake-up reaching us.
        if (!ready.isEmpty() && ctx.channel().isWritable()) {
            schedule();
        }
    }
}
