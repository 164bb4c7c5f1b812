package io.scamp.client;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.scamp.connection.MessageWatch;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.observation.DefaultScampClientObservationConvention;
import io.scamp.observation.ScampClientContext;
import io.scamp.observation.ScampClientObservationConvention;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A {@code scamp.client.requests} observation per request (docs/observability.md): started at
 * subscription, as a child of the observation in the subscriber's Reactor context under
 * {@link ObservationThreadLocalAccessor#KEY} (else of the current one), with the request
 * header as its carrier, so a tracing handler writes {@code traceparent} (and
 * {@code tracestate}) into it before it is sent; stopped when the reply's body has ended on the
 * wire (read or not), or with the call's failure.
 */
final class ObservedRequests implements RequestObserver {
    private final ObservationRegistry registry;
    private final ScampClientObservationConvention custom;
    private final ScampClientObservationConvention defaults = new DefaultScampClientObservationConvention();

    ObservedRequests(ObservationRegistry registry, ScampClientObservationConvention custom) {
        this.registry = registry;
        this.custom = custom;
    }

    @Override
    public Mono<Reply> observe(Request request, String address, Function<Request, Mono<Reply>> send) {
        return Mono.deferContextual(subscriber -> {
            // The context (a copy of the header to carry the trace fields) is made only for a registry that observes.
            Observation observation = Observation.createNotStarted(custom, defaults, () -> new ScampClientContext(request, address), registry);
            Object parent = subscriber.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
            if (parent instanceof Observation) {
                observation.parentObservation((Observation) parent);
            }
            observation.start();
            if (observation.isNoop()) {
                return send.apply(request);
            }
            ScampClientContext context = (ScampClientContext) observation.getContext();
            Call call = new Call(observation, context);
            return send.apply(request.withHeader(context.getCarrier().build()))
                    .doOnNext(call::replied)
                    .doOnError(call::stop)
                    .doOnCancel(call::cancelled);
        });
    }

    /** One observed call: stopped once, by its failure, its cancellation, or the end of its reply. */
    private static final class Call implements MessageWatch {
        private final Observation observation;
        private final ScampClientContext context;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private volatile boolean replied;

        Call(Observation observation, ScampClientContext context) {
            this.observation = observation;
            this.context = context;
        }

        void replied(Reply reply) {
            replied = true;
            context.setResponse(reply.header());
            if (!MessageWatch.attach(reply.body(), this)) {
                stop(null); // not a received message (cannot happen with a connection's reply): nothing to wait for
            }
        }

        void cancelled() {
            if (!replied) { // after the reply, the end of its body ends the call
                stop(new CancellationException("the request was cancelled before its reply"));
            }
        }

        @Override
        public void messageEnded(Throwable failure) {
            stop(failure);
        }

        void stop(Throwable failure) {
            if (stopped.compareAndSet(false, true)) {
                if (failure != null) {
                    observation.error(failure);
                }
                observation.stop();
            }
        }
    }
}
