package io.scamp.connection;

import io.netty.util.concurrent.ScheduledFuture;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import java.time.Duration;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * A request this side sent, from subscription until its reply header arrives: the
 * {@code Subscription} its subscriber holds. Built on Reactor's {@link Operators.MonoSubscriber},
 * which delivers the one reply whenever demand and the reply meet; one object per call
 * instead of a {@code Mono.create} sink with its cancel and dispose hooks. Cancelling
 * abandons the request on the connection's event loop. The fields are event loop only.
 */
final class PendingRequest extends Operators.MonoSubscriber<Reply, Reply> {
    private final ScampConnection connection;
    final Request request;
    /** How long the reply may take; zero for no limit. */
    final Duration timeout;
    long requestId;
    OutgoingMessage message;
    /** When the reply is due ({@link System#nanoTime}); kept by {@link RequestDeadlines}, as are the fields below. */
    long deadline;
    RequestDeadlines.DeadlineList deadlineList;
    PendingRequest deadlinePrev;
    PendingRequest deadlineNext;
    /** A timer of this request's own, when its timeout had no list. */
    ScheduledFuture<?> ownTimer;
    /** The call's metrics from when it is sent until its reply header (or failure); {@code null} when metrics are off. */
    io.scamp.metrics.CallMetrics metered;

    /** Sends the request elsewhere when this connection could not send it at all, or {@code null}. */
    private final java.util.function.Supplier<Mono<Reply>> ifNotSent;
    /** The request as sent elsewhere, while it runs. */
    private volatile reactor.core.Disposable resent;

    PendingRequest(ScampConnection connection, CoreSubscriber<? super Reply> actual, Request request, Duration timeout,
            java.util.function.Supplier<Mono<Reply>> ifNotSent) {
        super(actual);
        this.connection = connection;
        this.request = request;
        this.timeout = timeout;
        this.ifNotSent = ifNotSent;
    }

    /** The {@code Mono} that sends {@code request} on {@code connection} for each subscriber. */
    static Mono<Reply> mono(ScampConnection connection, Request request, Duration timeout,
            java.util.function.Supplier<Mono<Reply>> ifNotSent) {
        return new Mono<>() {
            @Override
            public void subscribe(CoreSubscriber<? super Reply> actual) {
                PendingRequest pending = new PendingRequest(connection, actual, request, timeout, ifNotSent);
                actual.onSubscribe(pending);
                connection.onLoop().run(Requester::start, connection.requester(), pending);
            }
        };
    }

    /** The reply header arrived: emits the reply. */
    void succeed(Reply reply) {
        complete(reply);
    }

    /**
     * The reply header arrived (before {@link #succeed} or the {@code fail} of an error reply):
     * a successful reply's body carries the call's metrics on to its end.
     */
    void replied(IncomingMessage body) {
        if (metered != null) {
            metered.replied(body.header());
            if (!body.header().isError()) {
                body.call = metered;
            }
            metered = null;
        }
    }

    /** The call ended before a reply header, for {@code why}. */
    void endMetering(io.scamp.metrics.CallOutcome why) {
        if (metered != null) {
            metered.failed(why);
            metered = null;
        }
    }

    /** Fails the subscriber (at most once: the connection removes the request first). */
    void fail(Throwable error) {
        if (metered != null) {
            endMetering(io.scamp.metrics.CallOutcome.of(error));
        }
        if (isCancelled()) {
            return;
        }
        if (ifNotSent != null && error instanceof NotSentException) {
            // Nothing left this process: the same subscriber gets the answer from wherever it is sent now.
            resent = ifNotSent.get().subscribe(this::complete, e -> {
                if (!isCancelled()) {
                    actual.onError(e);
                }
            });
            return;
        }
        actual.onError(error);
    }

    @Override
    public void cancel() {
        boolean wasCancelled = isCancelled();
        super.cancel();
        reactor.core.Disposable elsewhere = resent;
        if (elsewhere != null) {
            elsewhere.dispose();
        }
        if (!wasCancelled) {
            connection.onLoop().run(Requester::abandon, connection.requester(), this);
        }
    }
}
