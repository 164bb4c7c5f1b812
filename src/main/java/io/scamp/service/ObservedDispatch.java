package io.scamp.service;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.scamp.connection.MessageWatch;
import io.scamp.message.MessageHeader;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.observation.DefaultScampServerObservationConvention;
import io.scamp.observation.ScampServerContext;
import io.scamp.observation.ScampServerObservationConvention;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/**
 * A {@code scamp.server.requests} observation per dispatched request (docs/observability.md):
 * started as the request arrives, with its header as the carrier, so a tracing handler
 * continues the requester's trace from {@code traceparent} (a missing or malformed one starts a
 * new trace); the handler is called, and its reply publisher subscribed to, with the observation
 * in scope, and runs with it in its Reactor context under {@link ObservationThreadLocalAccessor#KEY},
 * where a {@code ScampClient} called from the handler finds its parent. Stopped when the reply
 * sent for the request has ended (the connection tells: {@link MessageWatch}), or will never be.
 */
final class ObservedDispatch implements DispatchObserver {
    private final ObservationRegistry registry;
    private final ScampServerObservationConvention custom;
    private final ScampServerObservationConvention defaults = new DefaultScampServerObservationConvention();

    ObservedDispatch(ObservationRegistry registry, ScampServerObservationConvention custom) {
        this.registry = registry;
        this.custom = custom;
    }

    @Override
    public Publisher<Reply> dispatch(Request request, ActionSpec action, ActionRegistry actions) {
        Observation observation = Observation.createNotStarted(custom, defaults, () -> new ScampServerContext(request.header(), action), registry)
                .start();
        if (observation.isNoop()) {
            return actions.handle(request, action);
        }
        ScampServerContext context = (ScampServerContext) observation.getContext();
        Call call = new Call(observation, context);
        boolean watched = MessageWatch.attach(request.body(), call);
        Publisher<Reply> reply;
        try (Observation.Scope scope = observation.openScope()) {
            reply = actions.handle(request, action);
        } catch (RuntimeException | Error e) {
            observation.error(e); // the connection answers it with an error reply, whose end stops the observation
            throw e;
        }
        if (reply == null) {
            if (!watched) {
                call.replyEnded(null);
            }
            return null; // the connection answers with its "returned null" error reply
        }
        Flux<Reply> observed = Flux.from(reply).doOnError(observation::error)
                .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, observation));
        if (!watched) {
            observed = observed.doFinally(signal -> call.replyEnded(null)); // a hand-made request: the handler's end is the call's
        }
        Flux<Reply> subscribed = observed;
        return subscriber -> {
            try (Observation.Scope scope = observation.openScope()) {
                subscribed.subscribe(subscriber);
            }
        };
    }

    /** One observed request: its reply's header, and its end, which stops the observation once. */
    private static final class Call implements MessageWatch {
        private final Observation observation;
        private final ScampServerContext context;
        private final AtomicBoolean stopped = new AtomicBoolean();

        Call(Observation observation, ScampServerContext context) {
            this.observation = observation;
            this.context = context;
        }

        @Override
        public void replyStarted(MessageHeader header) {
            context.setResponse(header);
        }

        @Override
        public void replyEnded(Throwable failure) {
            if (stopped.compareAndSet(false, true)) {
                if (failure != null) {
                    observation.error(failure);
                }
                observation.stop();
            }
        }
    }
}
