package io.scamp.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;

/**
 * Writes a connection's outgoing packets (SCAMP.md §3 "multiplexing").
 *
 * <p>Messages with a packet ready wait in a round-robin queue; each turn takes one packet from
 * the message at the head and puts it back at the tail, so DATA of concurrent messages is
 * interleaved packet by packet and a small message never waits behind a large one. A message
 * that has sent less than {@link #SMALL_MESSAGE_BYTES} waits in a queue of its own, served
 * first: a small call's packets (its DATA and EOF) then leave together instead of each one
 * after another packet of a bulk message, which on a wide window is a whole window's worth of
 * the bulk in the pipe ahead of each of them. A message passes through that queue for its
 * first {@link #SMALL_MESSAGE_BYTES} (and the packet that crosses it) only; a connection busy
 * with small messages alone serves them before any bulk. Writing
 * happens in one task per event-loop turn that ends in a single flush, so many ready packets
 * cost one flush, and it stops while the channel is not writable. Control packets (HEADER,
 * ACK, PING, PONG) are appended at once, ahead of DATA still queued, and ride the same flush.
 *
 * <p>Head-of-line bound: a turn hands packets of ready messages to the channel only while the
 * channel holds less than {@link #CHANNEL_QUEUE_LIMIT} bytes not yet written to the socket
 * (small messages: {@link #SMALL_QUEUE_LIMIT}), so
 * a bulk message with a wide window waits here, in the round-robin queue, rather than
 * megabytes deep in the channel in front of a small call's packets. The write that takes the
 * channel past half the limit carries a listener; once the socket has taken it, the next turn
 * refills the channel. Event loop only.
 */
final class FairWriter {
    /** Initial room of a batch buffer: a few dozen small calls' packets. */
    private static final int BATCH_SIZE = 8192;
    /**
     * Bytes of ours the channel may hold unwritten before a turn stops taking packets from ready
     * messages: two full-size packets, well under the channel's low water mark, so the writer's
     * own bound, not writability, is what normally paces a bulk transfer.
     */
    static final int CHANNEL_QUEUE_LIMIT = 2 * io.scamp.wire.PacketEncoder.MAX_BODY;
    /** A message that has sent less than this (the protocol's default window) is written ahead of the others. */
    static final int SMALL_MESSAGE_BYTES = 64 * 1024;
    /**
     * What the channel may hold before small messages wait too: twice {@link #CHANNEL_QUEUE_LIMIT},
     * so that many messages starting at once (a fan-out of uploads, each small for its first
     * 64 KiB) queue no more than this ahead of a later call.
     */
    static final int SMALL_QUEUE_LIMIT = 2 * CHANNEL_QUEUE_LIMIT;
    private final ChannelHandlerContext ctx;
    /** Ready messages that have sent less than {@link #SMALL_MESSAGE_BYTES}: served first. */
    private final ArrayDeque<OutgoingMessage> small = new ArrayDeque<>();
    private final ArrayDeque<OutgoingMessage> ready = new ArrayDeque<>();
    private final Runnable flushTask = this::writeTurn;
    private final Runnable beforeWrite;
    private final java.util.function.Consumer<Throwable> onFailure;
    private final java.util.function.IntFunction<ByteBuf> append = this::append;
    private boolean scheduled;
    private boolean unflushed;
    /** Whether a write in the channel carries {@link #drained}, which starts a turn once the socket took it. */
    private boolean drainWatched;
    private final io.netty.channel.ChannelFutureListener drained = future -> {
        drainWatched = false;
        if (hasReady()) {
            schedule();
        }
    };
    /** Packets appended this turn and not yet handed to the channel, or null. */
    private ByteBuf batch;

    /**
     * {@code beforeWrite} runs at the start of each write turn (the connection writes coalesced
     * ACKs there); {@code onFailure} gets whatever a turn throws (an allocation that fails, a
     * bug), after the writer has dropped its batch and can run again: the connection fails
     * rather than stay wedged with a turn that never ends.
     */
    FairWriter(ChannelHandlerContext ctx, Runnable beforeWrite, java.util.function.Consumer<Throwable> onFailure) {
        this.ctx = ctx;
        this.beforeWrite = beforeWrite;
        this.onFailure = onFailure;
    }

    /** Queues {@code message} for a turn if it has a packet ready. */
    void markReady(OutgoingMessage message) {
        if (!message.queued && message.hasPacketReady()) {
            message.queued = true;
            (message.sentBytes() < SMALL_MESSAGE_BYTES ? small : ready).addLast(message);
            schedule();
        }
    }

    /** The {@link #append} function, for {@code PacketEncoder.write*}. */
    java.util.function.IntFunction<ByteBuf> target() {
        return append;
    }

    /**
     * A buffer with room for a packet of {@code size} bytes, to be written after everything
     * before it, at the end of this turn. Small packets share one buffer; a large one gets its own.
     */
    ByteBuf append(int size) {
        if (batch != null && batch.writableBytes() >= size) {
            return batch;
        }
        writeBatch();
        batch = ctx.alloc().buffer(Math.max(size, BATCH_SIZE));
        unflushed = true;
        schedule();
        return batch;
    }

    /** Writes what is batched and flushes now, ahead of the turn (for an urgent ACK). */
    void flushNow() {
        writeBatch();
        unflushed = false;
        ctx.flush();
    }

    /**
     * Hands the bytes {@code [offset, offset + length)} of {@code item} (a DATA body lent by its
     * message) to the channel as a slice, after everything appended before it; the packet's
     * trailer and what follows go in a new batch.
     */
    void appendBody(LentItem item, int offset, int length) {
        writeBatch();
        write(item.slice(offset, length));
        unflushed = true;
        schedule();
    }

    private void writeBatch() {
        if (batch != null) {
            ByteBuf b = batch;
            batch = null;
            write(b);
        }
    }

    private void write(ByteBuf b) {
        if (!drainWatched && channelQueue() + b.readableBytes() >= CHANNEL_QUEUE_LIMIT / 2) {
            drainWatched = true;
            ctx.write(b).addListener(drained);
        } else {
            ctx.write(b, ctx.voidPromise());
        }
    }

    /**
     * Whether a turn may hand the channel another packet: while it holds under the limit, or
     * while no write carries {@link #drained} yet (control packets alone may have filled it, and
     * only a watched write brings the next turn), so a turn that stops always has one coming.
     */
    private boolean roomInChannel() {
        return roomInChannel(CHANNEL_QUEUE_LIMIT);
    }

    private boolean roomInChannel(int limit) {
        return !drainWatched || channelQueue() < limit;
    }

    /** Bytes handed to the channel, or batched for it, and not yet written to the socket. */
    private long channelQueue() {
        io.netty.channel.ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        long queued = out == null ? 0 : out.totalPendingWriteBytes();
        return batch == null ? queued : queued + batch.readableBytes();
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
        for (OutgoingMessage m : small) {
            m.queued = false;
        }
        for (OutgoingMessage m : ready) {
            m.queued = false;
        }
        small.clear();
        ready.clear();
        if (batch != null) {
            batch.release();
            batch = null;
        }
    }

    /** One write turn; a turn that throws fails the connection instead of leaving {@code scheduled} set forever. */
    private void writeTurn() {
        try {
            writeReady();
        } catch (Throwable t) { // OutOfMemoryError included: this connection cannot go on, the loop can
            scheduled = false;
            if (batch != null) {
                batch.release();
                batch = null;
            }
            onFailure.accept(t);
        }
    }

    private void writeReady() {
        // 'scheduled' stays set during the turn so that signals raised while writing join this turn.
        beforeWrite.run();
        if (!ctx.channel().isActive()) {
            scheduled = false;
            writeBatch(); // the channel releases what it cannot write
            return;
        }
        OutgoingMessage message;
        while (ctx.channel().isWritable() && (message = nextReady()) != null) {
            message.queued = false;
            message.writeNextPacket(append);
            markReady(message);
        }
        writeBatch();
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        scheduled = false;
        // The flush may have made the channel writable, or drained it, without a wake-up reaching us.
        if (ctx.channel().isWritable() && (!small.isEmpty() && roomInChannel(SMALL_QUEUE_LIMIT) || !ready.isEmpty() && roomInChannel())) {
            schedule();
        }
    }

    /**
     * The message to take a packet from: a small one first, while the channel holds under
     * {@link #SMALL_QUEUE_LIMIT}, else the next in the round robin while it holds under
     * {@link #CHANNEL_QUEUE_LIMIT}; {@code null} when neither may write.
     */
    private OutgoingMessage nextReady() {
        if (!small.isEmpty() && roomInChannel(SMALL_QUEUE_LIMIT)) {
            return small.pollFirst();
        }
        return roomInChannel() ? ready.pollFirst() : null;
    }

    private boolean hasReady() {
        return !small.isEmpty() || !ready.isEmpty();
    }
}
