package io.scamp.connection;

import io.netty.buffer.ByteBuf;
import io.scamp.message.MessageHeader;
import io.scamp.wire.Packet;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * The receiving side of one message, exposed to the application as a single-subscriber
 * {@code Flux<ByteBuffer>}.
 *
 * <p>DATA bodies are copied once, on arrival, into heap {@link ByteBuffer}s that the
 * subscriber will own (so no Netty buffer outlives the packet, whatever the application does
 * with the body), queue here (at most about one window, since the sender waits for ACKs) and
 * are handed over as the subscriber requests them. Bytes count as consumed when handed over, and the
 * connection ACKs them (coalesced per event-loop turn). A subscriber that cancels turns the
 * message into a drain: queued and later DATA is released and ACKed so the peer can finish.
 * State is confined to the connection's event loop.
 */
final class IncomingMessage extends Flux<ByteBuffer> implements Subscription {
    private final ScampConnection connection;
    private final long msgNo;
    private final MessageHeader header;
    /** Created on first use and kept small: most messages are one DATA packet, handed over at once. */
    private ArrayDeque<ByteBuffer> queue;

    private CoreSubscriber<? super ByteBuffer> subscriber;
    private long demand;
    private boolean draining;
    private boolean ended;
    private Throwable error;
    private boolean terminated;
    private boolean emitting;
    private long consumed;
    private long acknowledged;
    /**
     * Consumed bytes from which an ACK goes out at once instead of at the end of the event-loop
     * turn: a DATA packet of a bulk transfer (half the window, 32 KiB with the default one) reaches it; the
     * small bodies of ordinary calls do not, and their EOF usually arrives in the same turn, so
     * they need no ACK at all.
     */
    static final int EAGER_ACK_BYTES = 8 * 1024;
    /** Idle-timer ticks a body may wait for a subscriber (or, after the reply, for demand) before it is drained. */
    static final int UNCLAIMED_TICKS = 2;
    /** Idle-timer ticks this body has waited for a subscriber (or, after the reply, for demand). */
    private int unclaimedTicks;
    /** Whether the reply to this request has been sent in full while its subscriber still held the body. */
    private boolean replied;
    /** Whether an ACK for this message is waiting for the connection's next write turn. */
    boolean ackPending;

    /** The size of this message's HEADER body, for {@link #OPEN_MESSAGE_BYTES}'s charge. */
    int headerBytes;
    /**
     * The metered call this message belongs to, or {@code null} (metrics off, or the call is
     * over): on a service the call this request opened, ended by its reply; on a client the call
     * whose successful reply body this is, ended with it.
     */
    io.scamp.metrics.CallMetrics call;

    /**
     * What an open message nobody consumes costs the receive budget besides its queued bytes, on top of its
     * HEADER's size: about what an open message holds (this object, its parsed header, its table
     * entry and, for a request, its handler's state: measured near 2 KiB at -Xmx64m). So a
     * peer that opens messages and never ends them (thousands of HEADERs without EOF, each
     * refused busy or answered at once, then drained) meets the same high marks, paused reads
     * and stall timeout as one that floods DATA. Only drained messages are charged: one that a
     * handler or subscriber consumes is bounded by the handler limit or by our own pending
     * requests, and charging it could pause the very reads that bring its EOF (10,000
     * requests whose HEADERs all come before their bodies did just that).
     */
    static final int OPEN_MESSAGE_BYTES = 2048;
    /** What {@link #chargeOpen} counted against the receive budget, until {@link #releaseOpen}. */
    private int openCharge;
    /** Told when this message, or the reply to it, ends; {@code null} unless tracing is on. */
    private MessageWatch watch;

    IncomingMessage(ScampConnection connection, long msgNo, MessageHeader header) {
        this.connection = connection;
        this.msgNo = msgNo;
        this.header = header;
    }

    ScampConnection connection() {
        return connection;
    }

    long msgNo() {
        return msgNo;
    }

    MessageHeader header() {
        return header;
    }

    // ---- application side (any thread) ----

    @Override
    public void subscribe(CoreSubscriber<? super ByteBuffer> actual) {
        connection.onLoop().run(IncomingMessage::subscribed, this, actual);
    }

    @Override
    public void request(long n) {
        if (!Operators.validate(n)) {
            return;
        }
        connection.onLoop().run(IncomingMessage::requested, this, n);
    }

    @Override
    public void cancel() {
        connection.onLoop().run(IncomingMessage::drain, this);
    }

    /**
     * The one subscriber, or an {@link IllegalStateException} at once for any later one: while
     * the first reads, after it completed or failed ({@code terminated}; the first's
     * {@code subscriber} is cleared then), or after it cancelled or nobody claimed the body
     * ({@code draining}). The first subscriber is not affected.
     */
    private void subscribed(CoreSubscriber<? super ByteBuffer> actual) {
        if (subscriber != null || draining || terminated) {
            Operators.error(actual, new IllegalStateException("a message body can be subscribed to only once"));
            return;
        }
        subscriber = actual;
        actual.onSubscribe(this);
        deliver();
    }

    private void requested(long n) {
        demand = Operators.addCap(demand, n);
        deliver();
    }

    // ---- connection side (event loop) ----

    /**
     * A DATA body for this message: the packet's own array when it has one (kept as is),
     * else a copy of its body; a body that fills much of this side's window in two buffers over
     * that array ({@link AckWriter#firstPartOf}). Does not release the packet.
     */
    void onData(Packet data) {
        int n = data.length();
        if (draining || terminated) {
            consumed += n;
            requestAck();
            return;
        }
        if (n == 0) {
            return;
        }
        byte[] bytes = data.ownedArray();
        if (bytes == null) {
            ByteBuf body = data.body();
            bytes = new byte[n];
            body.getBytes(body.readerIndex(), bytes);
        }
        int firstPart = connection.acks().firstPartOf(n);
        ByteBuffer item;
        if (firstPart < n) {
            // A packet that fills much of a window: its first part is consumed, and ACKed, on
            // its own, so a sender whose window the packet filled can refill it while the rest
            // is consumed. The first part waits in the queue, so the rest follows it there.
            enqueue(ByteBuffer.wrap(bytes, 0, firstPart).slice());
            item = ByteBuffer.wrap(bytes, firstPart, n - firstPart).slice();
        } else {
            item = ByteBuffer.wrap(bytes);
        }
        if (subscriber != null && demand > 0 && !emitting && (queue == null || queue.isEmpty())) {
            handOver(item); // the common case: a subscriber waiting, nothing queued
            return;
        }
        enqueue(item);
        deliver();
    }

    /** The message is drained while still open: counts what it holds against the receive budget. */
    private void chargeOpen() {
        if (openCharge == 0 && !ended) {
            openCharge = OPEN_MESSAGE_BYTES + headerBytes;
            connection.receiveBudget().received(openCharge);
        }
    }

    /** The peer ended the message (EOF or TXERR): its open cost no longer counts. Idempotent. */
    void releaseOpen() {
        if (openCharge > 0) {
            connection.receiveBudget().consumed(openCharge);
            openCharge = 0;
        }
    }

    /** Queues {@code item} for the subscriber; its bytes count against the receive budget until handed over. */
    private void enqueue(ByteBuffer item) {
        queue().add(item);
        connection.receiveBudget().received(item.remaining());
    }

    /** The next queued buffer, no longer counted against the receive budget, or {@code null}. */
    private ByteBuffer dequeue() {
        ByteBuffer b = queue == null ? null : queue.poll();
        if (b != null) {
            connection.receiveBudget().consumed(b.remaining());
        }
        return b;
    }

    private void handOver(ByteBuffer item) {
        emitting = true;
        try {
            emit(item);
        } finally {
            emitting = false;
        }
    }

    /** Hands {@code item} to the subscriber, which had demand: it counts as consumed now. */
    private void emit(ByteBuffer item) {
        consumed += item.remaining();
        requestAck();
        demand--;
        subscriber.onNext(item);
    }

    /** EOF: the body is complete once the queue is delivered. */
    void onEnd() {
        ended = true;
        if (call != null && header.isReply()) {
            callEnded(true);
        }
        if (watch != null) {
            watch.messageEnded(null);
        }
        deliver();
    }

    /** TXERR or a lost connection: fails the body after what already arrived (or at once if {@code now}). */
    void onError(Throwable cause, boolean now) {
        ended = true;
        error = cause;
        if (call != null && header.isReply()) {
            callEnded(false);
        }
        if (watch != null) {
            watch.messageEnded(cause);
        }
        if (now) {
            releaseQueue();
        }
        deliver();
    }

    /** The reply to this request went out with {@code reply} as its header (service side). */
    void callReplied(MessageHeader reply) {
        if (call != null) {
            call.replied(reply);
            if (reply.isError()) {
                call = null;
            }
        }
    }

    /** The successful reply's body of this call is over: sent in full ({@code complete}) or not. */
    void callEnded(boolean complete) {
        if (call != null) {
            call.bodyEnded(complete);
            call = null;
        }
    }

    /** This call ended before its reply (service side: the handler was cancelled). */
    void callFailed(io.scamp.metrics.CallOutcome why) {
        if (call != null) {
            call.failed(why);
            call = null;
        }
    }

    /** Attaches {@link MessageWatch#attach a watch}; tells it at once if this message has ended. */
    void watch(MessageWatch w) {
        watch = w;
        if (ended) {
            w.messageEnded(error);
        }
    }

    /** The reply to this request starts with {@code header}. */
    void replyStarted(MessageHeader replyHeader) {
        if (watch != null) {
            watch.replyStarted(replyHeader);
        }
    }

    /** The reply to this request ended ({@code failure} null for EOF) or will not be sent; tells the watch once. */
    void replyEnded(Throwable failure) {
        MessageWatch w = watch;
        if (w != null) {
            watch = null;
            w.replyEnded(failure);
        }
    }

    /** The reply to this request will not be sent in full: its handler was cancelled, or the connection closed. */
    void replyAbandoned() {
        if (watch != null) {
            replyEnded(new java.util.concurrent.CancellationException("the reply was not sent in full: the request was"
                    + " abandoned or the connection closed"));
        }
    }

    /** Stops delivering: what is queued and what still arrives is released and ACKed. */
    void drain() {
        if (draining) {
            return;
        }
        draining = true;
        chargeOpen();
        releaseQueue();
        subscriber = null;
        if (!terminated && ended) {
            terminated = true;
        }
    }

    /**
     * An idle-timer tick of the connection (a quarter to a half of the idle timeout). A reply
     * body nobody subscribed to for {@link #UNCLAIMED_TICKS} ticks is drained: the application
     * dropped its {@code Reply} ({@code .then()}, {@code map(Reply::header)}, a lost race), and
     * the peer would wait for its ACKs forever. So is a request body whose handler has replied
     * and stopped asking for more ({@link #drainAfterReply()}).
     *
     * @param log where the drain is reported
     */
    void idleTick(ConnectionLog log) {
        if (isUnclaimed() && header.isReply()) { // a reply header may lack its type (Perl, SCAMP.md §11)
            if (++unclaimedTicks >= UNCLAIMED_TICKS) {
                log.drainingUnclaimedReply(msgNo);
                drain();
            }
        } else if (isStalledAfterReply()) {
            if (++unclaimedTicks >= UNCLAIMED_TICKS) {
                log.drainingAfterReply(msgNo);
                abandonAfterReply();
            }
        } else {
            unclaimedTicks = 0;
        }
    }

    /** Whether nobody has subscribed to the body (and it is not drained or over). */
    private boolean isUnclaimed() {
        return subscriber == null && !draining && !terminated;
    }

    /** Drains the body if nobody subscribed to it (a handler that replied without reading its request). */
    void drainIfUnclaimed() {
        if (subscriber == null && !terminated) {
            drain();
        }
    }

    /**
     * The reply to this request has been sent in full. A request body nobody subscribed to is
     * drained at once (ACKed as it arrives), so a requester still uploading can finish instead
     * of waiting for ACKs from a handler that is done. One whose subscriber asks for nothing
     * more (it requested a little and replied) is drained by the connection's idle timer once
     * it has made no request for two ticks ({@link #isStalledAfterReply()},
     * {@link #abandonAfterReply()}); one that keeps requesting keeps its body.
     */
    void drainAfterReply() {
        if (terminated || draining) {
            return;
        }
        if (subscriber == null) {
            drain();
        } else {
            replied = true;
        }
    }

    /** The reply went out, and the body's subscriber has no demand: it may have stopped reading for good. */
    private boolean isStalledAfterReply() {
        return replied && !terminated && !draining && subscriber != null && demand == 0;
    }

    /** Drains a body whose subscriber stopped reading after the reply; it gets a {@link java.util.concurrent.CancellationException}. */
    private void abandonAfterReply() {
        CoreSubscriber<? super ByteBuffer> reader = subscriber;
        drain();
        terminated = true;
        if (reader != null) {
            reader.onError(new java.util.concurrent.CancellationException(
                    "the reply was sent and the request body was left unread: the rest of it is dropped"));
        }
    }

    /** Whether the peer has finished sending and everything was handed over or drained. */
    boolean isDone() {
        return terminated || (draining && ended);
    }

    /** Bytes consumed but not yet acknowledged, or 0; marks them acknowledged. */
    long takeAck() {
        ackPending = false;
        if (ended || consumed <= acknowledged) {
            return 0;
        }
        acknowledged = consumed;
        return consumed;
    }

    private ArrayDeque<ByteBuffer> queue() {
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        return queue;
    }

    private void releaseQueue() {
        ByteBuffer b;
        while ((b = dequeue()) != null) {
            consumed += b.remaining();
        }
        requestAck();
    }

    private void requestAck() {
        if (!ended && consumed - acknowledged >= EAGER_ACK_BYTES) {
            // A bulk body: ACK at once, so the sender can refill the window while the rest of
            // this read is still being decrypted and consumed (at the end of the turn, the
            // two sides would take turns, one window at a time).
            acknowledged = consumed;
            connection.acks().now(msgNo, consumed);
            return;
        }
        if (!ackPending && !ended && consumed > acknowledged) {
            ackPending = true;
            connection.acks().later(this);
        }
    }

    private void deliver() {
        if (emitting || subscriber == null || terminated) {
            return;
        }
        emitting = true;
        try {
            while (demand > 0 && !draining) {
                ByteBuffer b = dequeue();
                if (b == null) {
                    break;
                }
                emit(b);
            }
            if (!draining && (queue == null || queue.isEmpty()) && ended) {
                terminated = true;
                Subscriber<? super ByteBuffer> s = subscriber;
                subscriber = null;
                if (error != null) {
                    s.onError(error);
                } else {
                    s.onComplete();
                }
            }
        } finally {
            emitting = false;
        }
    }
}
