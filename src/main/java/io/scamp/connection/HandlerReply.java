package io.scamp.connection;

import io.scamp.message.Reply;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;

/**
 * Waits for an action handler's reply publisher and hands exactly one {@link Reply} on: the
 * first element, an error reply for a failure ({@link RemoteErrors#toReply}), or a
 * {@code generic} error when the publisher completes empty. Disposing it cancels the handler.
 *
 * <p>One object per request instead of an operator chain ({@code onErrorResume},
 * {@code switchIfEmpty}, a lambda subscriber and a swap disposable): this is on every call's
 * path. Signals may arrive on any thread; {@code onReply} is called from the signalling thread.
 */
final class HandlerReply implements CoreSubscriber<Reply>, Disposable {
    private static final AtomicReferenceFieldUpdater<HandlerReply, Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(HandlerReply.class, Subscription.class, "upstream");

    private final Consumer<Reply> onReply;
    private volatile Subscription upstream;
    /** Set by the first terminal signal; signals are serial (Reactive Streams §1.3), so no lock. */
    private boolean done;

    HandlerReply(Consumer<Reply> onReply) {
        this.onReply = onReply;
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
        onReply.accept(reply);
        Subscription s = upstream;
        if (s != null && s != Operators.cancelledSubscription()) {
            s.cancel(); // a multi-element publisher: only the first element is the reply
        }
    }

    @Override
    public void onError(Throwable t) {
        if (!done) {
            done = true;
            onReply.accept(RemoteErrors.toReply(t));
        }
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            onReply.accept(Reply.error("generic", "the action produced no reply"));
        }
    }

    @Override
    public void dispose() {
        Operators.terminate(UPSTREAM, this);
    }

    @Override
    public boolean isDisposed() {
        return upstream == Operators.cancelledSubscription();
    }
}
