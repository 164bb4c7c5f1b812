package io.scamp.connection;

import io.netty.buffer.ByteBuf;
import io.scamp.wire.PacketEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.IntFunction;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;

/**
 * The sending side of one message: pulls its body from the application's publisher and cuts
 * it into DATA packets for the {@link FairWriter}.
 *
 * <p>Backpressure (SCAMP.md §4): DATA goes out only while the message's unacknowledged bytes
 * are under the window, and one item is requested from the body publisher at a time: the next
 * as soon as the one in hand is sent (a {@link LentItem}: once the pipeline has returned it),
 * so the item in hand (being cut, or waiting for the window to open) is the only body data
 * this side holds. Asking for the next item at a full
 * window is what lets a body that ends just as the window fills send its EOF without waiting
 * for an ACK: a lazy publisher ({@code Flux.generate}) says it is over only when asked for
 * more, and a peer that never ACKs (SCAMP.md §11) would otherwise never see the end of a body
 * that fits its window. A publisher error ends the message with TXERR carrying
 * the error text. A publisher that emits more than it was asked for (against Reactive Streams
 * §1.1) would have its extra buffer overwrite the one in hand: it is cancelled instead, the
 * message ends with TXERR, and the request fails with Reactor's overflow
 * {@link IllegalStateException} ({@link Exceptions#isOverflow}); a reply's overflow is logged
 * as a failed reply body. State is confined to the connection's event loop; the publisher's
 * signals may arrive on any thread and are moved there.
 */
final class OutgoingMessage implements CoreSubscriber<ByteBuffer> {
    private static final AtomicLongFieldUpdater<OutgoingMessage> DEMAND =
            AtomicLongFieldUpdater.newUpdater(OutgoingMessage.class, "demand");

    private final ScampConnection connection;
    private final long msgNo;
    private final SendWindow window;
    /** Run after the connection has forgotten this message; null for nothing. */
    private final Runnable onFinished;

    private Subscription upstream;
    private ByteBuffer current;
    /** {@link #current} (or the item before it) while the pipeline holds slices of it; {@code null} otherwise. */
    private LentItem lent;
    /** Whether the publisher is to be cancelled once {@link #lent} comes back. */
    private boolean cancelOnReturn;
    /** Whether this message's window is full and counted by the connection's send stall check. */
    private boolean waitingForAck;
    /** Whether its window was ever full, and since when it is now ({@link io.scamp.metrics.ConnectionMetrics#windowFull}). */
    private boolean filledWindow;
    private long windowFullSince;
    /** Where the next DATA of {@link #current} starts, and where it ends (its position and limit when it came). */
    private int currentOffset;
    private int currentEnd;
    private boolean requested;
    private boolean upstreamDone;
    private Throwable upstreamError;
    /** The TXERR text for {@link #upstreamError}, when it is not the error's own message. */
    private String txerrText;
    /** The request this message replies to, or {@code null} for a request. */
    private final IncomingMessage repliesTo;
    private boolean finished;
    /** Whether this message waits in the connection's {@link SendBudget} for room in flight. */
    private boolean awaitingRoom;
    /** Whether this message sits in the writer's ready queue; owned by {@link FairWriter}. */
    boolean queued;
    /** The request this message sends, or {@code null} for a reply; set before the body starts. */
    PendingRequest request;
    /**
     * Items requested of the publisher and not yet received: raised on the event loop before
     * each {@code request(1)}, lowered by {@code onNext} on the publisher's thread, so an item
     * that finds it at zero was never asked for, whichever threads are involved.
     */
    private volatile long demand;

    OutgoingMessage(ScampConnection connection, long msgNo, SendWindow window, IncomingMessage repliesTo, Runnable onFinished) {
        this.connection = connection;
        this.msgNo = msgNo;
        this.repliesTo = repliesTo;
        this.window = window;
        this.onFinished = onFinished;
    }

    /**
     * DATA packets carry half the window now (between 4 KiB and the 128 KiB limit, so they grow
     * with an adaptive window): 32 KiB with the default 64 KiB window, so two are in flight, and
     * the receiver ACKs the first part of each that fits its own window while it consumes the
     * rest ({@link AckWriter#firstPartOf}), which lets the next one go. A
     * packet as large as the window would be stop-and-wait (SCAMP.md §4, the scamp-js
     * behaviour); eighths kept the pipe as full at about a quarter more CPU per byte, a TLS
     * record, a send and an ACK for every 8 KiB (docs/PERFORMANCE.md).
     */
    static int packetSize(int maxInflight) {
        return Math.max(4096, Math.min(PacketEncoder.MAX_BODY, maxInflight / 2));
    }

    long msgNo() {
        return msgNo;
    }

    boolean isFinished() {
        return finished;
    }

    long unacknowledged() {
        return window.unacknowledged();
    }

    /** Body bytes sent so far. */
    long sentBytes() {
        return window.sent();
    }

    // ---- publisher signals (any thread) ----

    @Override
    public void onSubscribe(Subscription s) {
        connection.onLoop().run(OutgoingMessage::subscribed, this, s);
    }

    @Override
    public void onNext(ByteBuffer item) {
        if (DEMAND.decrementAndGet(this) < 0) {
            connection.onLoop().run(OutgoingMessage::overflowed, this);
            return;
        }
        connection.onLoop().run(OutgoingMessage::next, this, item);
    }

    @Override
    public void onError(Throwable t) {
        connection.onLoop().run(OutgoingMessage::failed, this, t);
    }

    @Override
    public void onComplete() {
        connection.onLoop().run(OutgoingMessage::completed, this);
    }

    private void subscribed(Subscription s) {
        if (finished) {
            s.cancel();
            return;
        }
        upstream = s;
        requestNextItem();
    }

    private void next(ByteBuffer item) {
        requested = false;
        if (finished || upstreamError != null) {
            return;
        }
        if (item.hasRemaining()) {
            // Sent from its position to its limit, read here, by an offset of our own: the publisher's
            // buffer is never moved (so it can be sent again), and no view of it is allocated.
            current = item;
            currentOffset = item.position();
            currentEnd = item.limit();
            connection.writer().markReady(this);
        } else {
            requestNextItem();
        }
    }

    private void failed(Throwable t) {
        if (!finished) {
            upstreamError = t;
            // A reply body's failure reaches the requester as the service's error mapping says (and is logged), not as its raw text.
            txerrText = repliesTo == null ? errorText(t) : connection.responder().replyBodyFailed(repliesTo, t);
            dropCurrent();
            connection.writer().markReady(this);
        }
    }

    /** The publisher emitted an item it was not asked for. */
    private void overflowed() {
        if (finished || upstreamError != null) {
            return; // already ended, or an item that was in flight when it was cancelled
        }
        IllegalStateException overflow = Exceptions.failWithOverflow(
                "the body publisher emitted more buffers than were requested of it (Reactive Streams rule 1.1)");
        cancelUpstream();
        failed(overflow);
        if (request != null) {
            connection.requester().failedLocally(request, overflow);
        }
    }

    private void completed() {
        if (!finished && upstreamError == null) {
            upstreamDone = true;
            connection.writer().markReady(this);
        }
    }

    // ---- event loop ----

    /** Called for an ACK of this message. */
    void onAck(long consumed) {
        window.onAck(consumed);
        if (!window.isOpen()) {
            return;
        }
        stopWaitingForAck();
        if (current != null) {
            connection.writer().markReady(this);
        }
    }

    /**
     * Whether {@link #writeNextPacket} would produce a packet now. A message that has data but
     * is held back only by the connection's room in flight starts waiting for it here.
     */
    boolean hasPacketReady() {
        if (finished) {
            return false;
        }
        if (upstreamError != null) {
            return true;
        }
        if (current != null) {
            if (window.isOpen()) {
                return true;
            }
            if (!awaitingRoom) {
                awaitingRoom = window.awaitRoom(this);
            }
            return false;
        }
        return upstreamDone;
    }

    /** The connection has room in flight again ({@link SendBudget}). */
    void roomFreed() {
        awaitingRoom = false;
        if (!finished) {
            connection.writer().markReady(this);
        }
    }

    /** Appends the next packet of this message, if one is ready, to a buffer from {@code target}. */
    void writeNextPacket(IntFunction<ByteBuf> target) {
        if (!hasPacketReady()) {
            return;
        }
        if (upstreamError != null) {
            finish(false);
            PacketEncoder.writeTxerr(target, msgNo, txerrText != null ? txerrText : errorText(upstreamError));
            connection.metrics().packetSent(io.scamp.wire.PacketType.TXERR, 0);
            return;
        }
        if (current != null) {
            int length = Math.min(currentEnd - currentOffset, packetSize(window.size()));
            if (length >= LentItem.MIN_LENT_BYTES && (lent != null || (lent = LentItem.lend(current, this)) != null)) {
                PacketEncoder.writeDataLine(target, msgNo, length);
                connection.writer().appendBody(lent, currentOffset, length);
                PacketEncoder.writeTrailer(target);
            } else {
                PacketEncoder.writeData(target, msgNo, current, currentOffset, length);
            }
            connection.metrics().packetSent(io.scamp.wire.PacketType.DATA, length);
            currentOffset += length;
            window.onSent(length);
            if (!waitingForAck && !window.isOpen()) {
                waitingForAck = true; // the window is full: the connection watches for the ACK that opens it
                filledWindow = true;
                windowFullSince = connection.metrics().windowFull();
                connection.sendWaitsForAck(true);
            }
            if (currentOffset == currentEnd) {
                dropCurrent();
                requestNextItem(); // at once unless the item is lent: then once it is returned
            }
            return;
        }
        finish(true);
        PacketEncoder.writeEof(target, msgNo);
        connection.metrics().packetSent(io.scamp.wire.PacketType.EOF, 0);
    }

    /**
     * Stops this message without sending anything more (the connection is gone or the caller
     * gave up); cancels the body publisher. Returns whether the message was still open.
     */
    boolean abandon() {
        if (finished) {
            return false;
        }
        finished = true;
        dropCurrent();
        cancelUpstream();
        ended(false);
        if (repliesTo != null) {
            repliesTo.replyAbandoned();
        }
        return true;
    }

    /** Ends the message with TXERR at the next write, e.g. when the requester gave up. */
    void fail(Throwable reason) {
        if (finished || upstreamError != null) {
            return;
        }
        cancelUpstream();
        upstreamError = reason;
        dropCurrent();
        connection.writer().markReady(this);
    }

    /**
     * Asks the publisher for the next item once the one in hand is sent (a lent one: once the
     * pipeline has returned it), whether the window is open or not: at most one item is held
     * either way, and a publisher that completes only on demand can tell that the body is over
     * while the window is full.
     */
    private void requestNextItem() {
        if (!requested && current == null && lent == null && !upstreamDone && upstreamError == null && !finished
                && upstream != null) {
            requested = true;
            DEMAND.incrementAndGet(this);
            upstream.request(1);
        }
    }

    /** Lets go of the item in hand; a lent one stays lent until the pipeline returns it. */
    private void dropCurrent() {
        current = null;
        if (lent != null) {
            lent.releaseOwner();
        }
    }

    /**
     * The pipeline let go of the last slice of the lent item ({@link LentItem}): the publisher
     * may have its buffer back. Called from inside Netty's release, so the publisher is asked
     * for more in a task of its own, never in the middle of the pipeline's work (unless the
     * event loop has shut down: {@link LoopRunner#later}).
     */
    void itemReturned() {
        connection.onLoop().later(this::returned);
    }

    private void returned() {
        lent = null;
        if (cancelOnReturn) {
            cancelOnReturn = false;
            upstream.cancel();
        }
        requestNextItem();
    }

    /**
     * Cancels the body publisher: at once, or, while the pipeline still holds a slice of its
     * last item, once that comes back, so a publisher that reuses buffers once cancelled never
     * changes bytes still to be sent.
     */
    private void cancelUpstream() {
        if (upstream == null) {
            return;
        }
        if (lent != null) {
            cancelOnReturn = true;
        } else {
            upstream.cancel();
        }
    }

    /** The message is over: with its EOF ({@code complete}) or a TXERR. */
    private void finish(boolean complete) {
        finished = true;
        dropCurrent();
        ended(complete);
        if (repliesTo != null) {
            repliesTo.replyEnded(upstreamError); // null: EOF follows
        }
    }

    /** Tells the connection the message is over, then runs {@code onFinished}; a reply ends its call's metrics. */
    private void ended(boolean complete) {
        stopWaitingForAck();
        if (filledWindow) {
            connection.metrics().windowAtEnd(window.size());
        }
        if (repliesTo != null) {
            repliesTo.callEnded(complete);
        }
        window.release();
        connection.outgoingFinished(msgNo);
        if (onFinished != null) {
            onFinished.run();
        }
    }

    private void stopWaitingForAck() {
        if (waitingForAck) {
            waitingForAck = false;
            connection.metrics().windowOpened(windowFullSince);
            connection.sendWaitsForAck(false);
        }
    }

    static String errorText(Throwable t) {
        String text = t.getMessage();
        if (text == null || text.isBlank() || text.equals("0")) {
            text = t.getClass().getName();
        }
        return io.scamp.message.Reply.capErrorText(text);
    }

    /** Subscribes this message to its body. */
    void start(org.reactivestreams.Publisher<ByteBuffer> body) {
        body.subscribe((Subscriber<ByteBuffer>) this);
    }
}
