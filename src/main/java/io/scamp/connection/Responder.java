package io.scamp.connection;

import io.scamp.message.MessageHeader;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import io.scamp.metrics.CallOutcome;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The responder role of one connection: the requests the peer sends, from their arrival to
 * their reply's EOF. It admits or refuses each one ({@link RequestDispatcher#admit}), runs its
 * handler, keeps the running handlers (to cancel one whose requester aborted, or all when the
 * connection fails) and the count of replies being sent, and maps a handler's failure to the
 * reply the requester may see. Event loop only, except where a method says otherwise.
 */
final class Responder {
    private final ScampConnection connection;
    private final RequestDispatcher dispatcher;
    private final ConnectionLog log;
    private final MessageTable<HandlerReply> handlers = new MessageTable<>();
    /** Replies being sent: a request counts as open until its reply's EOF is written. */
    private int replying;

    Responder(ScampConnection connection, RequestDispatcher dispatcher, ConnectionLog log) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.log = log;
    }

    /** Whether no handler runs and no reply is being sent. */
    boolean isIdle() {
        return handlers.isEmpty() && replying == 0;
    }

    /** A request came in: refused at once (draining, over the handler limit), or dispatched to its handler. */
    void onRequest(IncomingMessage message) {
        MessageHeader header = message.header();
        long key = message.msgNo();
        // Only a side that answers requests meters them: on a requester's connection the action is whatever the peer sent.
        message.call = dispatcher.answersRequests() ? connection.metrics().call(header) : null;
        if (connection.isDraining()) {
            message.drain();
            sendReply(message, RemoteErrors.shuttingDown());
            return;
        }
        Reply refused = dispatcher.admit(handlers.size() + replying);
        if (refused != null) {
            message.drain();
            sendReply(message, refused);
            return;
        }
        Publisher<Reply> reply;
        try {
            reply = dispatcher.dispatch(Request.received(header, message));
        } catch (Throwable e) { // an Error too (StackOverflowError, AssertionError...): that request's error reply
            if (FatalErrors.isFatal(e)) {
                dispatcher.handlerFinished(); // admitted, but no handler will ever finish: its slot goes back
                message.callFailed(CallOutcome.FAILED); // nor will its reply: its call and observation end here
                message.replyAbandoned();
            }
            FatalErrors.rethrowIfFatal(e); // OutOfMemoryError and the like fail the connection, as anywhere on the loop
            reply = Mono.error(e);
        }
        if (reply == null) {
            reply = Mono.error(new NullPointerException("the action handler returned null"));
        }
        HandlerReply handling = new HandlerReply(this, message);
        handlers.put(key, handling);
        try {
            reply.subscribe(handling);
        } catch (Throwable e) { // what Reactor lets bubble up from a publisher that fails as it is subscribed
            FatalErrors.rethrowIfFatal(e);
            handling.subscribeFailed(e);
        }
    }

    /** Cancels the handler of request message {@code msgNo}, if one is running: its reply is not wanted. */
    void cancelHandler(long msgNo, CallOutcome why) {
        HandlerReply handler = handlers.remove(msgNo);
        if (handler != null) {
            handler.cancel(why);
            dispatcher.handlerFinished();
        }
    }

    /** The handler of {@code requestMessage} produced {@code reply} (any thread): handed to the event loop. */
    void handlerReplied(IncomingMessage requestMessage, Reply reply) {
        connection.onLoop().run(Responder::replyReady, requestMessage, reply);
    }

    /**
     * The reply for a handler failure (any thread). A {@link RemoteActionException} is the
     * handler's answer and goes out as it is. Anything else is a bug or an outage the requester
     * should not see the details of: it is logged here at ERROR (this class's logger) with the
     * action, its version, the requester's address and the stack trace, and answered with
     * {@link RequestDispatcher#errorReply} ({@link RequestDispatcher#internalError()} if that
     * fails or gives {@code null}).
     */
    Reply handlerFailed(IncomingMessage requestMessage, Throwable failure) {
        if (failure instanceof RemoteActionException) {
            return RemoteErrors.toReply((RemoteActionException) failure);
        }
        // The requester's TXERR or a lost connection reaches a handler reading its body as a
        // TransportException: the peer's doing, not a bug in the handler, so not an error here.
        log.handlerFailed(requestMessage.header(), failure, failure instanceof TransportException || failure instanceof CancellationException);
        Reply reply;
        try {
            reply = dispatcher.errorReply(failure);
            if (reply == null) {
                log.errorReplyMissing(requestMessage.header());
            }
        } catch (RuntimeException e) {
            log.errorReplyFailed(requestMessage.header(), e);
            reply = null;
        }
        return reply == null ? RequestDispatcher.internalError() : reply;
    }

    /**
     * The TXERR text for a reply body that failed after its header went out: logged and mapped
     * as a handler failure ({@link #handlerFailed}), so the requester sees what the service's
     * error mapping allows, not the exception's message.
     */
    String replyBodyFailed(IncomingMessage requestMessage, Throwable failure) {
        String text = handlerFailed(requestMessage, failure).header().error();
        return text == null || text.isBlank() || text.equals("0") ? RemoteErrors.internalError().header().error() : text;
    }

    /** The handler of {@code requestMessage} produced {@code reply}: sent unless the connection dropped the request. */
    private static void replyReady(IncomingMessage requestMessage, Reply reply) {
        Responder responder = requestMessage.connection().responder();
        if (responder.handlers.remove(requestMessage.msgNo()) != null) {
            responder.dispatcher.handlerFinished();
            responder.sendReply(requestMessage, reply);
        }
    }

    private void sendReply(IncomingMessage requestMessage, Reply reply) {
        if (connection.isClosed()) {
            requestMessage.callFailed(CallOutcome.TRANSPORT);
            requestMessage.replyAbandoned();
            return;
        }
        Runnable finished = () -> {
            replying--;
            requestMessage.drainAfterReply();
            connection.closeIfDrained();
        };
        long requestId = requestMessage.header().requestId();
        Publisher<ByteBuffer> body = reply.body();
        OutgoingMessage message;
        try {
            message = connection.startMessage(reply.header(), MessageHeader.TYPE_REPLY, requestId, requestMessage, finished);
        } catch (IllegalArgumentException e) {
            // Over 128 KiB (a huge error_data or header field): nothing was sent, so a small error reply still can be.
            log.replyUnencodable(requestMessage.header(), e);
            reply = RemoteErrors.unencodableReply();
            message = connection.startMessage(reply.header(), MessageHeader.TYPE_REPLY, requestId, requestMessage, finished);
            body = reply.body();
        }
        requestMessage.callReplied(reply.header());
        replying++;
        message.start(body);
    }

    /** The connection failed: every running handler is cancelled, and its slot goes back. */
    void cancelAll() {
        if (!handlers.isEmpty()) {
            handlers.values().forEach(h -> {
                h.cancel(CallOutcome.TRANSPORT);
                dispatcher.handlerFinished();
            });
            handlers.clear();
        }
    }
}
