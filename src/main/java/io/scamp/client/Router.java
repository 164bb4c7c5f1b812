package io.scamp.client;

import io.scamp.discovery.ServiceDirectory;
import io.scamp.discovery.ServiceTable;
import io.scamp.discovery.ServiceTable.Offer;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.ScampTimeoutException;
import io.scamp.message.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * Routes requests by action name through a {@link ServiceDirectory} (SCAMP.md §6, §7.2): looks
 * the action up, picks an instance, pins its fingerprint, and retries once elsewhere after a
 * dispatch failure, marking the failed instance; a request whose body is not
 * {@link Request#isReplayable() replayable} is retried only if the failed attempt never
 * subscribed to its body. When nothing offers the action, the
 * {@link io.scamp.message.ServiceNotFoundException} says which instances were left out and why
 * ({@link ServiceTable#notFound}).
 */
final class Router {
    private static final int RETRIES = 1;

    private final ScampClient client;
    private final ServiceDirectory directory;
    private final FailureTracker failures = new FailureTracker(Clock.systemUTC());
    private final InstancePicker picker = new InstancePicker(failures);

    Router(ScampClient client, ServiceDirectory directory) {
        this.client = client;
        this.directory = directory;
    }

    /**
     * Routes {@code request}; before the directory's first table (its sources not read yet),
     * waits for that table up to the request's timeout instead of failing for want of one.
     */
    Mono<Reply> route(Request request) {
        return Mono.defer(() -> {
            if (directory.hasTable()) {
                return attempt(request, new HashSet<>(), RETRIES, null);
            }
            Duration limit = request.timeout() != null ? request.timeout() : client.defaultTimeout();
            long start = System.nanoTime();
            return directory.snapshots().next()
                    .timeout(limit, Mono.error(() -> ScampTimeoutException.beforeSending("no request to " + request.action()
                            + " could be routed within " + limit.toMillis() + " ms: the service directory has no table yet"
                            + " (its sources, the cache file or multicast, have not been read)", limit)))
                    .then(Mono.defer(() -> {
                        // what the wait took comes out of a timeout the request set (a default one stays open to the action's tN flag)
                        Duration left = limit.minusNanos(System.nanoTime() - start);
                        Request rest = request.timeout() == null ? request
                                : request.withTimeout(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
                        return attempt(rest, new HashSet<>(), RETRIES, null);
                    }));
        });
    }

    /** {@code previousFailure}: why the last instance failed, reported if no other instance is left. */
    private Mono<Reply> attempt(Request request, Set<String> tried, int retriesLeft, Throwable previousFailure) {
        ServiceTable table = directory.current();
        String sector = request.header().sector() == null ? "main" : request.header().sector();
        List<Offer> offers = table.lookup(sector, request.action(), request.version(), request.envelope());
        Offer offer = picker.pick(offers, tried);
        if (offer == null && previousFailure != null) {
            return Mono.error(previousFailure);
        }
        if (offer == null) {
            return Mono.error(table.notFound(sector, request.action(), request.version(), request.envelope()));
        }
        String address = offer.service().address();
        tried.add(address);
        Request timed = request;
        if (!offer.action().name().equalsIgnoreCase(request.action())) {
            // found through a CRUD alias: the service knows the action by its own name
            timed = request.withHeader(request.header().toBuilder().action(offer.action().name()).build());
        }
        if (request.timeout() == null && offer.action().timeoutSeconds().isPresent()) {
            timed = timed.withTimeout(Duration.ofSeconds(offer.action().timeoutSeconds().get() + 5L));
        }
        Endpoint endpoint = Endpoint.of(address, offer.service().fingerprint());
        // A body that cannot be replayed may be sent elsewhere only if this attempt never subscribed to it.
        AtomicBoolean bodyTaken = new AtomicBoolean();
        Request sent = request.isReplayable() ? timed : timed.withBody(timed.body().doOnSubscribe(s -> bodyTaken.set(true)));
        return client.request(endpoint, sent).onErrorResume(Router::isDispatchFailure, e -> {
            failures.markFailed(address);
            boolean resendable = request.isReplayable() || !bodyTaken.get();
            return retriesLeft > 0 && resendable ? attempt(request, tried, retriesLeft - 1, e) : Mono.error(e);
        });
    }

    /** A request that certainly never reached a handler: safe to send elsewhere. */
    static boolean isDispatchFailure(Throwable e) {
        if (e instanceof TransportException) {
            return ((TransportException) e).dispatchFailure();
        }
        if (e instanceof RemoteActionException) {
            RemoteActionException r = (RemoteActionException) e;
            // "transport" (a draining service), "busy" (a concurrency limit) or any other code: the flag is what counts
            return r.errorData() != null && r.errorData().path("dispatch_failure").asBoolean(false);
        }
        return false;
    }
}
