package io.scamp.connection;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import io.scamp.metrics.CallOutcome;
import io.scamp.metrics.CloseCause;
import io.scamp.metrics.ConnectionMetrics;
import io.scamp.tls.TlsContexts;
import io.scamp.wire.HeaderJson;
import io.scamp.wire.Packet;
import io.scamp.wire.PacketEncoder;
import io.scamp.wire.PacketType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One multiplexed SCAMP connection (SCAMP.md §3–§6), as the last handler of a Netty pipeline
 * behind TLS and the {@link io.scamp.wire.PacketDecoder}.
 *
 * <p>It numbers messages per direction and keeps the open ones each way ({@link OpenMessages},
 * which checks the peer's numbers), routes DATA/EOF/TXERR/ACK to them, answers PING, closes when idle, and on any protocol violation
 * or loss fails every open message on both sides. Its two roles are types of their own: the
 * {@link Requester} matches replies to the requests this side sent by {@code request_id}; the
 * {@link Responder} hands incoming requests to a {@link RequestDispatcher} and sends their
 * replies. All state lives
 * on the channel's event loop; public methods may be called from any thread.
 */
public final class ScampConnection extends ChannelInboundHandlerAdapter {
    /** About what a PONG takes on the wire, for {@link ReadGate#answered}. */
    private static final int PONG_BYTES = 20;

    private final ConnectionSettings settings;
    private final RequestDispatcher dispatcher;
    private final boolean awaitTls;
    private final ConnectionLog log;
    /** The requests the peer sends, their handlers and replies. */
    private final Responder responder;
    /** The requests this side sends, until their replies. */
    private final Requester requester;
    private final Sinks.One<Void> ready = Sinks.one();
    private final Sinks.One<Void> closedSignal = Sinks.one();

    private ChannelHandlerContext ctx;
    private EventExecutor loop;
    private LoopRunner onLoop;
    /** The loop's clock (a test's frozen one on an EmbeddedChannel), for the send windows' round trips. */
    private io.netty.util.concurrent.Ticker ticker = io.netty.util.concurrent.Ticker.systemTicker();
    private FairWriter writer;
    private ReadGate gate;
    /** The ACKs this side owes for the bodies it receives. */
    private AckWriter acks;
    /** ACKs received on this connection: what the send stall check watches for progress. */
    private long acksReceived;
    private final SharedReceiveBudget sharedBudget;
    /** What this connection reports to metrics; {@link ConnectionMetrics#NONE} unless its client or service has a registry. */
    private final ConnectionMetrics metrics;

    private final OpenMessages<IncomingMessage, OutgoingMessage> messages = new OpenMessages<>();
    /** The send windows of this connection's outgoing messages, together ({@code flow.connection_window}). */
    private final SendBudget sendBudget;

    /** Read by {@link #isUsable()} from any thread; written on the loop. */
    private volatile boolean closed;
    private boolean isReady;
    private volatile boolean draining;
    private volatile Throwable closeCause;
    /** What the idle timer and the heartbeat decide by. */
    private final Liveness liveness = new Liveness();
    private final ArrayList<ScheduledFuture<?>> timers = new ArrayList<>(2);

    /**
     * A connection handler, not yet in a pipeline; {@link Pipelines#install} is the usual way
     * to make one.
     *
     * @param settings the window, idle timeout and heartbeat
     * @param dispatcher what answers the requests the peer sends; {@link RequestDispatcher#NONE}
     *     on a connection that only sends them
     * @param awaitTls whether {@link #ready()} waits for a TLS handshake (true whenever an
     *     {@code SslHandler} precedes this handler)
     */
    public ScampConnection(ConnectionSettings settings, RequestDispatcher dispatcher, boolean awaitTls) {
        this(settings, dispatcher, awaitTls, new SharedReceiveBudget(settings.receiveLimits().totalBytes()));
    }

    /**
     * As {@link #ScampConnection(ConnectionSettings, RequestDispatcher, boolean)}, drawing on
     * {@code sharedBudget}, the receive budget of all connections of one client or service.
     *
     * @param settings the window, idle timeout, heartbeat and receive limits
     * @param dispatcher what answers the requests the peer sends
     * @param awaitTls whether {@link #ready()} waits for a TLS handshake
     * @param sharedBudget the budget shared with the other connections of the same client or service
     */
    public ScampConnection(ConnectionSettings settings, RequestDispatcher dispatcher, boolean awaitTls, SharedReceiveBudget sharedBudget) {
        this(settings, dispatcher, awaitTls, sharedBudget, ConnectionMetrics.NONE);
    }

    /**
     * As {@link #ScampConnection(ConnectionSettings, RequestDispatcher, boolean, SharedReceiveBudget)},
     * reporting to {@code metrics}.
     *
     * @param settings the window, idle timeout, heartbeat and receive limits
     * @param dispatcher what answers the requests the peer sends
     * @param awaitTls whether {@link #ready()} waits for a TLS handshake
     * @param sharedBudget the budget shared with the other connections of the same client or service
     * @param metrics what the connection reports to (docs/observability.md)
     */
    public ScampConnection(ConnectionSettings settings, RequestDispatcher dispatcher, boolean awaitTls, SharedReceiveBudget sharedBudget,
            ConnectionMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.sendBudget = new SendBudget(settings.connectionWindowCap());
        this.dispatcher = dispatcher;
        this.awaitTls = awaitTls;
        this.sharedBudget = sharedBudget;
        this.log = new ConnectionLog(dispatcher.answersRequests());
        this.responder = new Responder(this, dispatcher, log);
        this.requester = new Requester(this);
    }

    // ---------------------------------------------------------------- public API (any thread)

    /**
     * Completes when the connection can carry messages (after the TLS handshake).
     *
     * @return a {@code Mono} that completes once ready, or fails with the
     *     {@link io.scamp.message.TransportException} (a
     *     {@link io.scamp.message.FingerprintMismatchException} for a certificate without the
     *     pinned fingerprint) when the handshake fails or the connection closes first
     */
    public Mono<Void> ready() {
        return ready.asMono();
    }

    /**
     * Completes when the connection has closed, for whatever reason.
     *
     * @return a {@code Mono} that completes (never fails) once closed; {@link #closeCause()}
     *     then says why
     */
    public Mono<Void> onClose() {
        return closedSignal.asMono();
    }

    /**
     * The most DATA this side has had sent and not yet acknowledged, over all its messages at
     * once (the event loop writes it: read it elsewhere once the traffic is over).
     *
     * @return bytes
     */
    public long peakUnacknowledgedBytes() {
        return sendBudget.peakInFlight();
    }

    /**
     * What the windows of all outgoing messages may sum to beyond their floors
     * ({@code flow.connection_window}, capped at half the receive buffer).
     *
     * @return bytes
     */
    public long connectionWindow() {
        return sendBudget.limit();
    }

    /**
     * Whether the connection is open and not draining.
     *
     * @return true while a new request can be sent on it
     */
    public boolean isUsable() {
        return !closed && !draining && ctx != null && ctx.channel().isActive();
    }

    /**
     * Why the connection closed, or {@code null} while open or after a clean close.
     * A clean close is the idle timeout's or the end of a {@link #drain()}.
     *
     * @return the failure: a {@link io.scamp.message.TransportException} for a loss, a missed
     *     PONG or {@link #close()}, a {@link io.scamp.message.ProtocolException} for the peer's
     *     violation, the handshake's failure, or what the pipeline reported; else {@code null}
     */
    public Throwable closeCause() {
        return closeCause;
    }

    /**
     * Sends {@code request} and emits the reply once its header arrives. Cancelling before
     * then abandons the request (an unfinished request body ends with TXERR).
     * There is no timeout: the reply may take as long as the connection lasts.
     *
     * @param request the request; its header is sent as it is, its body as it streams
     * @return the reply, emitted when its header arrives (its body then streams); fails with
     *     {@link io.scamp.message.RemoteActionException} for an error reply and
     *     {@link io.scamp.message.TransportException} when the connection is closed, draining
     *     (both dispatch failures) or lost, and at once with {@link IllegalArgumentException}
     *     when the header cannot be encoded (over 128 KiB; nothing is sent, the connection
     *     is unharmed). Nothing is sent until subscription
     */
    public Mono<Reply> request(Request request) {
        return request(request, java.time.Duration.ZERO);
    }

    /**
     * As {@link #request(Request)}, failing with {@link io.scamp.message.ScampTimeoutException}
     * when no reply header arrives within {@code timeout} (zero: no limit). The timer runs on
     * the connection's event loop, so it costs no lock and no other thread.
     *
     * @param request the request; its header is sent as it is, its body as it streams
     * @param timeout how long the reply header may take, from when the request is sent on the
     *     event loop; zero for no limit
     * @return the reply, failing as {@link #request(Request)} does and with
     *     {@link io.scamp.message.ScampTimeoutException} past {@code timeout} (an unfinished
     *     body then ends with TXERR; the connection stays up)
     */
    public Mono<Reply> request(Request request, java.time.Duration timeout) {
        return PendingRequest.mono(this, request, timeout, null);
    }

    /**
     * As {@link #request(Request, java.time.Duration)}; when this connection turns out to be
     * closed or draining as the request is about to be sent (nothing sent: a
     * {@link NotSentException}), the reply comes from {@code ifNotSent} instead, typically the
     * same request on a new connection.
     *
     * @param request the request
     * @param timeout how long the reply header may take; zero for no limit
     * @param ifNotSent sends the request elsewhere; called at most once
     * @return the reply, from here or from {@code ifNotSent}
     */
    public Mono<Reply> request(Request request, java.time.Duration timeout, java.util.function.Supplier<Mono<Reply>> ifNotSent) {
        return PendingRequest.mono(this, request, timeout, ifNotSent);
    }

    /**
     * Stops taking new requests; closes once the open ones are answered.
     * This side's new requests then fail with a dispatch-failure
     * {@link io.scamp.message.TransportException}; the peer's get a {@code transport} error
     * reply marked {@code dispatch_failure}, so it may retry them elsewhere. The close is clean
     * once no message is open either way. Returns at once.
     */
    public void drain() {
        onLoop.run(() -> {
            draining = true;
            closeIfDrained();
        });
    }

    /**
     * Closes now; everything open fails with a transport error.
     * Pending requests fail with a {@link io.scamp.message.TransportException}, running
     * handlers are cancelled, and {@link #closeCause()} is that exception. Returns at once.
     */
    public void close() {
        onLoop.run(() -> fail(new TransportException("connection closed locally", false), CloseCause.LOCAL));
    }

    /**
     * Fails the connection with {@code cause} (closes it, and fails everything open on it), as a
     * protocol violation would: for a layer above that finds the peer at fault, such as a
     * subscriber that reads its events too slowly or a malformed event. Returns at once.
     *
     * @param cause what {@link #closeCause()} becomes; a {@link io.scamp.message.TransportException}
     *     is given as it is to what was open, anything else is wrapped in one
     */
    public void abort(Throwable cause) {
        java.util.Objects.requireNonNull(cause, "cause");
        onLoop.run(() -> fail(cause));
    }

    /**
     * Keeps the connection from idling out while {@code keep} is set, as long as the peer is
     * heard from (any packet, PINGs and PONGs included, within the idle timeout): a
     * subscription (SCAMP.md §10) has no open message between events. Draining still closes it.
     *
     * @param keep whether a subscription lives on this connection
     */
    public void keepOpen(boolean keep) {
        liveness.keepOpen(keep);
    }

    /**
     * Sends one whole message that is neither a request nor a reply (an event, a notification, a
     * subscription: SCAMP.md §10) through the same numbering, window and fair writer as any
     * other, and calls {@code done} once it has been written to the socket ({@code null}), or
     * with the reason it was not: the connection is closed or closed first, or the header cannot
     * be encoded ({@link IllegalArgumentException}, nothing sent). {@code done} runs on the
     * event loop and must not block. May be called from any thread.
     *
     * @param header the header's other fields (usually empty)
     * @param type the {@code type} to write
     * @param requestId the {@code request_id} to write; 0 writes none
     * @param body the body
     * @param done called once, with {@code null} when written or the failure
     */
    public void sendMessage(MessageHeader header, String type, long requestId, Publisher<ByteBuffer> body,
            Consumer<Throwable> done) {
        onLoop.run(() -> {
            if (closed) {
                done.accept(closedError());
                return;
            }
            OutgoingMessage message;
            try {
                message = startMessage(header, type, requestId, null, () -> messageEnded(done));
            } catch (IllegalArgumentException e) {
                done.accept(e);
                return;
            }
            message.start(body);
        });
    }

    /** A {@link #sendMessage} message has ended: once its EOF has left the channel (the write after this turn's), it was written. */
    private void messageEnded(Consumer<Throwable> done) {
        if (closed) {
            done.accept(closedError());
            return;
        }
        closeIfDrained(); // a draining connection waits for nothing else
        loop.execute(() -> ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> done.accept(f.isSuccess() ? null
                : closeCause != null ? closedError() : new TransportException("the message could not be written: " + f.cause(), false,
                        f.cause()))));
    }

    private TransportException closedError() {
        Throwable cause = closeCause;
        return cause instanceof TransportException ? (TransportException) cause
                : new TransportException("connection is closed" + (cause == null ? "" : ": " + cause.getMessage()), !isReady, cause);
    }

    // ---------------------------------------------------------------- package API (event loop)

    /** An outgoing message has ended (EOF or TXERR written, or abandoned). */
    void outgoingFinished(long msgNo) {
        messages.outgoingEnded(msgNo);
    }

    /** How signals from any thread reach this connection's event loop. */
    LoopRunner onLoop() {
        return onLoop;
    }

    FairWriter writer() {
        return writer;
    }

    Responder responder() {
        return responder;
    }

    Requester requester() {
        return requester;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isDraining() {
        return draining;
    }

    ConnectionMetrics metrics() {
        return metrics;
    }

    /** The count of received bytes waiting for the application on this connection. */
    ReceiveBudget receiveBudget() {
        return gate.budget();
    }

    AckWriter acks() {
        return acks;
    }

    // ---------------------------------------------------------------- Netty callbacks

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.loop = ctx.executor();
        this.onLoop = new LoopRunner(loop);
        log.attach(ctx.channel());
        if (loop instanceof io.netty.util.concurrent.AbstractScheduledEventExecutor) {
            this.ticker = ((io.netty.util.concurrent.AbstractScheduledEventExecutor) loop).ticker();
        }
        this.writer = new FairWriter(ctx, () -> acks.writeDue(), failure -> fail(new TransportException(
                "connection to " + ctx.channel().remoteAddress() + " failed while writing: " + failure, false, failure)));
        this.gate = new ReadGate(ctx.channel(), settings.receiveLimits(), sharedBudget, this::fail, () -> acksReceived,
                dispatcher.answersRequests(), metrics);
        this.acks = new AckWriter(writer, gate, metrics, () -> closed, settings.maxInflight());
        requester.attach(loop);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.active();
        metrics.active();
        startTimers();
        if (!awaitTls) {
            markReady();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent) {
            SslHandshakeCompletionEvent done = (SslHandshakeCompletionEvent) evt;
            if (done.isSuccess()) {
                markReady();
            } else {
                fail(handshakeFailure(done.cause()));
            }
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Packet) || closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Packet packet = (Packet) msg;
        liveness.packetIn(packet.type());
        metrics.packetReceived(packet.type(), packet.length());
        try {
            onPacket(packet);
        } catch (ProtocolException e) {
            fail(e);
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        gate.writabilityChanged(writable);
        if (writable) {
            writer.schedule();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (!isReady && awaitTls) {
            root = handshakeFailure(root);
        }
        fail(root);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (isReady) {
            dispatcher.connectionClosed();
        }
        fail(new TransportException("connection to " + ctx.channel().remoteAddress() + " lost", !isReady), CloseCause.LOST);
        ctx.fireChannelInactive();
    }

    // ---------------------------------------------------------------- inbound packets

    private void onPacket(Packet p) {
        long msgNo = p.msgNo();
        switch (p.type()) {
            case HEADER:
                onHeader(msgNo, HeaderJson.decode(p.body()), p.length());
                break;
            case DATA:
                messages.incoming(msgNo, "DATA").onData(p);
                break;
            case EOF:
                closeIncoming(msgNo, "EOF").onEnd();
                closeIfDrained();
                break;
            case TXERR:
                String text = p.body().toString(StandardCharsets.UTF_8);
                closeIncoming(msgNo, "TXERR").onError(new TransportException("the peer aborted message " + msgNo + ": " + text, false), false);
                responder.cancelHandler(msgNo, CallOutcome.CANCELLED); // a requester that aborted its request waits for no reply
                closeIfDrained();
                break;
            case ACK:
                onAck(msgNo, p.ackValue());
                break;
            case PING:
                PacketEncoder.writeEmpty(writer.target(), PacketType.PONG, msgNo);
                metrics.packetSent(PacketType.PONG, 0);
                gate.answered(PONG_BYTES);
                break;
            case PONG:
                liveness.pong();
                break;
            default:
                throw new ProtocolException(ProtocolViolation.UNKNOWN_TYPE, String.valueOf(p.type()));
        }
    }

    private void onHeader(long msgNo, MessageHeader header, int headerBytes) {
        messages.checkNextIncoming(msgNo);
        IncomingMessage message = new IncomingMessage(this, msgNo, header);
        messages.incomingOpened(message);
        message.headerBytes = headerBytes;
        if (header.isRequest()) {
            responder.onRequest(message);
        } else if (header.isReply()) {
            requester.onReply(message);
        } else if (!dispatcher.onOtherMessage(this, header, message)) {
            log.unsupportedMessage(header.type());
            message.drain();
        }
    }

    private IncomingMessage closeIncoming(long msgNo, String what) {
        IncomingMessage m = messages.closeIncoming(msgNo, what);
        m.releaseOpen();
        return m;
    }

    private void onAck(long msgNo, long consumed) {
        OutgoingMessage m = messages.acked(msgNo);
        if (m != null) { // else the ACK crossed our EOF: ignored (SCAMP.md §4)
            acksReceived++;
            m.onAck(consumed);
        }
    }

    /** An outgoing message's window became full ({@code true}) or open again / the message ended ({@code false}). */
    void sendWaitsForAck(boolean waits) {
        gate.sendWaitsForAck(waits);
    }

    // ---------------------------------------------------------------- outgoing messages

    /**
     * Sends {@code header} stamped with {@code type} and {@code requestId} and opens the
     * message, whose body the caller then {@link OutgoingMessage#start starts};
     * {@code onFinished} (may be null) runs when the message has ended. The header is rendered
     * and checked before the message takes its number, so one that cannot be encoded throws
     * {@link IllegalArgumentException} having sent nothing and changed nothing: the next
     * message takes the number, and the peer sees no gap.
     */
    OutgoingMessage startMessage(MessageHeader header, String type, long requestId,
            IncomingMessage repliesTo, Runnable onFinished) {
        PacketEncoder.writeHeader(writer.target(), messages.nextOutgoingNumber(), header, type, requestId);
        long msgNo = messages.takeOutgoingNumber();
        metrics.packetSent(PacketType.HEADER, 0);
        OutgoingMessage message = new OutgoingMessage(this, msgNo, new SendWindow(settings.maxInflight(), settings.windowCap(), sendBudget, ticker),
                repliesTo, onFinished);
        messages.outgoingOpened(msgNo, message);
        liveness.messageStarted();
        if (repliesTo != null) {
            repliesTo.replyStarted(header);
        }
        return message;
    }

    // ---------------------------------------------------------------- lifecycle

    private boolean isIdle() {
        return messages.isEmpty() && requester.isIdle() && responder.isIdle();
    }

    void closeIfDrained() {
        if (draining && !closed && isIdle()) {
            // After the current task: a reply's EOF is produced inside a write turn, before it is written.
            loop.execute(() -> {
                if (draining && !closed && isIdle()) {
                    closed = true;
                    metrics.closed(CloseCause.DRAINED, null);
                    closedCleanly();
                    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                }
            });
        }
    }

    /**
     * The heartbeat, once the connection is ready: a PING the peer does not answer during a
     * handshake that never ends is the connect timeout's to catch, as a dispatch failure.
     */
    private void startHeartbeat() {
        long heartbeatNanos = settings.heartbeat().toNanos();
        if (heartbeatNanos > 0 && !closed) {
            timers.add(loop.scheduleAtFixedRate(() -> {
                if (closed) {
                    return;
                }
                long pingNo = liveness.heartbeatTick();
                if (pingNo < 0) {
                    fail(new TransportException("the peer did not answer PING within " + settings.heartbeat().toMillis() + " ms", false),
                            CloseCause.HEARTBEAT);
                    return;
                }
                PacketEncoder.writeEmpty(writer.target(), PacketType.PING, pingNo);
                metrics.packetSent(PacketType.PING, 0);
            }, heartbeatNanos, heartbeatNanos, TimeUnit.NANOSECONDS));
        }
    }

    /** Each incoming body's idle tick ({@link IncomingMessage#idleTick}): unclaimed or abandoned bodies are drained. */
    private void drainUnclaimedBodies() {
        if (messages.hasIncoming()) {
            for (IncomingMessage m : messages.incomingMessages()) {
                m.idleTick(log);
            }
        }
    }

    private void startTimers() {
        long idleNanos = settings.idleTimeout().toNanos();
        if (idleNanos > 0) {
            long period = Liveness.idlePeriodNanos(idleNanos);
            int ticksToIdle = (int) Math.max(1, idleNanos / period);
            timers.add(loop.scheduleAtFixedRate(() -> {
                drainUnclaimedBodies();
                if (liveness.idleTick(!isIdle(), ticksToIdle) && !closed) {
                    log.closingIdle();
                    closed = true;
                    metrics.closed(CloseCause.IDLE, null);
                    closedCleanly();
                    ctx.close();
                }
            }, period, period, TimeUnit.NANOSECONDS));
        }
    }

    private void markReady() {
        isReady = true;
        log.ready();
        metrics.ready();
        dispatcher.connectionOpened();
        receiveBudget().countInShares();
        startHeartbeat();
        ready.tryEmitEmpty();
    }

    private void closedCleanly() {
        requester.closed();
        timers.forEach(t -> t.cancel(false));
        closedSignal.tryEmitEmpty();
    }

    /** How log lines name this connection: the peer's role, address and, where known, the start of its fingerprint. */
    @Override
    public String toString() {
        return log.toString();
    }

    /** Closes the connection and fails everything open on it, for the reason its type tells ({@link CloseCause#of}). Idempotent. */
    private void fail(Throwable cause) {
        fail(cause, CloseCause.of(cause));
    }

    /** As {@link #fail(Throwable)}, closed for {@code why} (what metrics count; before the handshake, always {@code HANDSHAKE}). */
    private void fail(Throwable cause, CloseCause why) {
        if (!closed) {
            closeCause = cause; // a clean close (idle, drained) has none, however the channel ends afterwards
            closed = true;
            metrics.closed(isReady ? why : CloseCause.HANDSHAKE, cause);
            // The peer's doing is a warning: on a service nobody else would see it, a stalled peer's requests have no caller here.
            log.failed(cause);
        }
        TransportException error = cause instanceof TransportException
                ? (TransportException) cause
                : new TransportException("connection failed: " + cause.getMessage(), !isReady, cause);
        ready.tryEmitError(error);
        requester.failAll(error);
        if (!messages.isEmpty()) {
            messages.takeIncoming().forEach(m -> m.onError(error, true));
            messages.takeOutgoing().forEach(OutgoingMessage::abandon);
        }
        responder.cancelAll();
        writer.clear();
        acks.clear();
        timers.forEach(t -> t.cancel(false));
        gate.close();
        ctx.close();
        closedSignal.tryEmitEmpty();
    }

    private static Throwable handshakeFailure(Throwable cause) {
        Throwable mismatch = TlsContexts.findMismatch(cause);
        if (mismatch != null) {
            return mismatch;
        }
        return new TransportException("TLS handshake failed: " + cause.getMessage(), true, cause);
    }
}
