package io.scamp.connection;

import io.scamp.message.Reply;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;

/**
 * Waits for an action handler's reply publisher and hands exactly one {@link Reply} to the
 * connection's {@link Responder} for {@code request}: the first element, the error reply for a failure
 * ({@link Responder#handlerFailed}: logged, and mapped by the dispatcher), or a
 * {@code generic} error when the publisher completes empty. Disposing it cancels the handler.
 *
 * <p>One object per request instead of an operator chain ({@code onErrorResume},
 * {@code switchIfEmpty}, a lambda subscriber and a swap disposable): this is on every call's
 * path, and holds the responder and request itself rather than a capturing callback. Signals
 * may arrive on any thread; the responder is called from the signalling thread.
 */
final class HandlerReply implements CoreSubscriber<Reply>, Disposable {
    private static final AtomicReferenceFieldUpdater<HandlerReply, Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(HandlerReply.class, Subscription.class, "upstream");

    private final Responder responder;
    private final IncomingMessage request;
    private volatile Subscription upstream;
    /** Set by the first terminal signal; signals are serial (Reactive Streams §1.3), so no lock. */
    private boolean done;

    HandlerReply(Responder responder, IncomingMessage request) {
        this.responder = responder;
        this.request = request;
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.setOnce(UPSTREAM, this, s)) {
            s.request(1);
        }
    }

    @Override
    public void onNext(Reply reply) {
        if (done) {
            return;
        }
        done = true;
        responder.handlerReplied(request, reply);
        Subscription s = upstream;
        if (s != null && s != Operators.cancelledSubscription()) {
            s.cancel(); // a multi-element publisher: only the first element is the reply
        }
    }

    @Override
    public void onError(Throwable t) {
        if (!done) {
            done = true;
            responder.handlerReplied(request, responder.handlerFailed(request, t));
        }
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            responder.handlerReplied(request, Reply.error("generic", "the action produced no reply"));
        }
    }

    /**
     * Subscribing to the handler's publisher threw {@code failure} (Reactor rethrows what it
     * deems fatal, a {@link StackOverflowError} say): it is the reply's failure, unless a
     * terminal signal came first; the publisher is cancelled. On the event loop.
     */
    void subscribeFailed(Throwable failure) {
        Operators.terminate(UPSTREAM, this);
        onError(failure);
    }

    /** Cancels the handler: its reply, if it still comes, is not sent (the request was dropped). */
    @Override
    public void dispose() {
        Operators.terminate(UPSTREAM, this);
        request.replyAbandoned();
    }

    /** Cancels the handler, whose reply is not wanted: the call ended for {@code why}. On the event loop. */
    void cancel(io.scamp.metrics.CallOutcome why) {
        request.callFailed(why);
        dispose();
    }

    @Override
    public boolean isDisposed() {
        return upstream == Operators.cancelledSubscription();
    }
}
