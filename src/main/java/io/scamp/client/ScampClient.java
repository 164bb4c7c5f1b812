package io.scamp.client;

import io.scamp.connection.ConnectionSettings;
import io.scamp.connection.EventLoops;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.ScampTimeoutException;
import io.scamp.tls.TlsContexts;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Sends SCAMP requests. Keeps one pooled, multiplexed TLS connection per service address,
 * opened on demand and replaced after loss; thousands of requests may be in flight on one
 * connection. Thread-safe; create one and share it.
 *
 * <p>Shutting down: {@link #disposeLater()} closes every connection and stops the client's
 * event loops without blocking, and completes when that is done; use it inside a Reactor
 * chain ({@code ... .then(client.disposeLater())}). {@link #dispose()} starts the same and
 * returns at once; {@link #close()} (for try-with-resources) starts it and waits for it,
 * except on a non-blocking thread (a Reactor or event-loop thread), where it only starts it.
 * Requests made after shutting down began fail with a {@link io.scamp.message.TransportException}.
 *
 * <pre>{@code
 * try (ScampClient client = ScampClient.create()) {
 *     Endpoint target = Endpoint.of("beepish+tls://127.0.0.1:30100", fingerprint);
 *     Map<?, ?> answer = client.request(target, Request.json("Greeter.hello", Map.of("name", "Ada")))
 *         .flatMap(reply -> reply.bodyAsJson(Map.class))
 *         .block();
 * }
 * }</pre>
 */
public final class ScampClient implements Disposable, AutoCloseable {
    private final Duration timeout;
    private final EventLoops loops;
    private final boolean ownsLoops;
    private final ConnectionPool pool;
    private final Router router;
    private final String defaultTicket;
    private final String defaultIdentifyingToken;
    private final AtomicBoolean disposing = new AtomicBoolean();
    /** The heartbeat of subscription connections: the builder's, else scamp-js's 15 s. */
    private final Duration subscriptionHeartbeat;
    /** Observes each request (tracing); {@code null} without an observation registry. */
    private final RequestObserver observer;

    private final Sinks.Empty<Void> disposed = Sinks.empty();

    ScampClient(ScampClientBuilder builder) {
        this.timeout = builder.timeout;
        this.ownsLoops = builder.loopsOwner == null;
        this.loops = ownsLoops ? EventLoops.createForClient("scamp-client", builder.workers) : builder.loopsOwner.loops;
        ConnectionSettings settings = new ConnectionSettings(builder.maxInflight, builder.idleTimeout, builder.heartbeat, builder.receiveLimits,
                builder.windowLimits);
        io.scamp.metrics.ScampMetrics metrics = builder.meterRegistry == null ? io.scamp.metrics.ScampMetrics.NONE
                : io.scamp.metrics.MicrometerMetrics.client(builder.meterRegistry, builder.directory);
        this.pool = new ConnectionPool(loops, settings, builder.connectTimeout, builder.identity, metrics);
        this.subscriptionHeartbeat = builder.heartbeat.isZero() ? SUBSCRIPTION_HEARTBEAT : builder.heartbeat;
        this.defaultTicket = builder.ticket;
        this.defaultIdentifyingToken = builder.identifyingToken;
        this.router = builder.directory == null ? null : new Router(this, builder.directory);
        this.observer = builder.requestObserver();
    }

    /**
     * A client with the defaults: 75 s timeout, window 65536, 90 s idle close, no heartbeat,
     * 10 s connect timeout, its own event loops, no directory (so only
     * {@link #request(Endpoint, Request)} works).
     *
     * @return a new client, to be closed when no longer needed
     */
    public static ScampClient create() {
        return builder().build();
    }

    /**
     * Starts configuring a client; see {@link ScampClientBuilder} for the settings and their
     * defaults.
     *
     * @return a new builder
     */
    public static ScampClientBuilder builder() {
        return new ScampClientBuilder();
    }

    /**
     * The timeout used for requests that set none.
     *
     * @return the builder's {@link ScampClientBuilder#timeout(Duration) timeout}, 75 s by default
     */
    public Duration defaultTimeout() {
        return timeout;
    }

    /**
     * Sends {@code request} to {@code target}. The {@code Mono} emits the reply as soon as its
     * header arrives (its body then streams), fails with
     * {@link io.scamp.message.RemoteActionException} for an error reply,
     * {@link io.scamp.message.TransportException} when the connection fails and
     * {@link ScampTimeoutException} after the timeout. Nothing is sent until subscription;
     * cancelling abandons the request.
     *
     * <p>The request's own timeout, else {@link #defaultTimeout()}, counts from subscription and
     * covers opening the connection when there is none yet. The client's default ticket and
     * identifying token are added when the request carries none of its own. The request is sent
     * as it is: unlike {@link #request(Request)}, it is never retried elsewhere.
     *
     * @param target the service's address and the fingerprint to pin
     * @param original the request; its body is sent as it streams
     * @return the reply, emitted when its header arrives; fails with
     *     {@link io.scamp.message.RemoteActionException} for an error reply (its code, text and
     *     data), {@link io.scamp.message.TransportException} when the service cannot be reached
     *     within the connect timeout, the TLS handshake fails, the connection is lost before the
     *     reply header or the client is shut down
     *     ({@link io.scamp.message.TransportException#dispatchFailure()} tells whether the
     *     request certainly never reached a handler),
     *     {@link io.scamp.message.FingerprintMismatchException} (a {@code TransportException})
     *     when the server's certificate does not have the pinned fingerprint,
     *     {@link ScampTimeoutException} when no reply header came within the timeout, and
     *     {@link IllegalArgumentException} when the request's header cannot be encoded (its JSON
     *     is over the 128 KiB packet limit: nothing is sent, the connection is unharmed)
     */
    public Mono<Reply> request(Endpoint target, Request original) {
        Request request = withDefaults(original);
        return observer == null ? send(target, request) : observer.observe(request, target.address(), r -> send(target, r));
    }

    private Mono<Reply> send(Endpoint target, Request request) {
        Duration limit = request.timeout() != null ? request.timeout() : timeout;
        return Mono.defer(() -> {
            io.scamp.connection.ScampConnection ready = pool.usableConnection(target);
            if (ready == null) {
                return connectAndRequest(target, request, limit);
            }
            // The pooled connection may close between that check and the send (on its loop): then
            // nothing was sent, and a new connection takes the request, once.
            return ready.request(request, limit, () -> connectAndRequest(target, request, limit));
        });
    }

    /**
     * The request's timeout counts from here (the subscription): it bounds connecting, and the
     * reply gets what is left of it. Connecting is also bounded by the connect timeout, TCP and
     * TLS together; whichever ends first fails the request.
     */
    private Mono<Reply> connectAndRequest(Endpoint target, Request request, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        return pool.acquire(target)
                .timeout(limit, Mono.error(() -> new ScampTimeoutException(request.action(), limit)))
                .flatMap(c -> c.request(request,
                        Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))))
                .onErrorMap(ScampTimeoutException.class, e -> new ScampTimeoutException(request.action(), limit));
    }

    /**
     * Sends {@code request} to a service found in the directory by its action (sector from
     * the request, {@code main} by default; version; envelope): one of the authorized,
     * non-draining instances offering it, at random by weight, preferring instances not
     * marked failing, with the TLS fingerprint of its announcement pinned. A dispatch failure
     * marks the instance failing and the request is retried once on another, provided its body
     * can be sent again: it is {@link Request#isReplayable() replayable}, or the failed
     * attempt never subscribed to it (the connection never came up). An action's
     * {@code t<N>} flag sets the timeout to N + 5 seconds unless the request sets its own.
     * Fails with {@link io.scamp.message.ServiceNotFoundException} when no service offers it.
     * Before the directory's first table, waits for it up to the request's timeout.
     *
     * @param request the request; its header's sector, action, version and envelope select the
     *     service, its timeout (else {@link #defaultTimeout()}) bounds each attempt
     * @return the reply; fails as {@link #request(Endpoint, Request)} does, with
     *     {@link io.scamp.message.ServiceNotFoundException} when nothing can take the request
     *     (saying which instances were left out and why), with {@link ScampTimeoutException}
     *     when the directory has no table within the timeout, and with the dispatch failure of
     *     the last instance tried when no other is left; when the client was built without a
     *     directory, a {@code Mono} that fails with {@link IllegalStateException} (nothing is
     *     thrown by this method)
     */
    public Mono<Reply> request(Request request) {
        if (router == null) {
            return Mono.error(new IllegalStateException("this client has no service directory; use ScampClient.builder().directory(...)"));
        }
        return router.route(request);
    }

    private Request withDefaults(Request request) {
        boolean ticket = defaultTicket != null && request.header().ticket() == null;
        boolean token = defaultIdentifyingToken != null && request.header().identifyingToken() == null;
        if (!ticket && !token) {
            return request;
        }
        io.scamp.message.MessageHeader.Builder h = request.header().toBuilder();
        if (ticket) {
            h.ticket(defaultTicket);
        }
        if (token) {
            h.identifyingToken(defaultIdentifyingToken);
        }
        return request.withHeader(h.build());
    }

    /**
     * Sends {@code body} as JSON to version 1 of {@code action} and decodes the JSON reply into
     * {@code type} (with the size cap of {@link Reply#bodyAsJson(Class)}).
     *
     * @param <T> the type the reply body is decoded into
     * @param target the service's address and the fingerprint to pin
     * @param action the action's full name, {@code Namespace.action}
     * @param body the value sent, encoded as JSON now (by the library's Jackson mapper)
     * @param type the class the reply body is decoded into
     * @return the decoded reply; fails as {@link #request(Endpoint, Request)} does, and with
     *     {@link io.scamp.message.ScampException} when the reply body is not valid JSON for
     *     {@code type} or {@link io.scamp.message.BodyTooLargeException} past the size cap
     * @throws io.scamp.message.ScampException if {@code body} cannot be encoded as JSON (thrown
     *     by this method, not signalled)
     */
    public <T> Mono<T> requestJson(Endpoint target, String action, Object body, Class<T> type) {
        return requestJson(target, action, 1, body, type);
    }

    /**
     * As {@link #requestJson(Endpoint, String, Object, Class)}, for version {@code version} of the action.
     *
     * @param <T> the type the reply body is decoded into
     * @param target the service's address and the fingerprint to pin
     * @param action the action's full name, {@code Namespace.action}
     * @param version the action's version
     * @param body the value sent, encoded as JSON now (by the library's Jackson mapper)
     * @param type the class the reply body is decoded into
     * @return the decoded reply; fails as {@link #requestJson(Endpoint, String, Object, Class)} does
     * @throws io.scamp.message.ScampException if {@code body} cannot be encoded as JSON (thrown
     *     by this method, not signalled)
     */
    public <T> Mono<T> requestJson(Endpoint target, String action, int version, Object body, Class<T> type) {
        return request(target, Request.builder(action).version(version).json(body).build()).flatMap(reply -> reply.bodyAsJson(type));
    }

    /** A subscription connection's heartbeat when the builder sets none: scamp-js's {@code Subscription} uses 15 s. */
    static final Duration SUBSCRIPTION_HEARTBEAT = Duration.ofSeconds(15);

    /**
     * Subscribes to data {@code target} publishes under {@code codes} (SCAMP.md §10; a service
     * of ours publishes with {@link io.scamp.service.RunningService#publish}, and its own
     * record under {@code announce}). Each subscriber of the {@code Flux} gets a connection of
     * its own (a service keeps one filter per connection), with a heartbeat (the builder's, else
     * 15 s) that keeps it alive; the first state is the service's snapshot, then a state per
     * change. After a loss it reconnects with truncated exponential backoff (50 ms doubling to
     * 10 s) and the service's new snapshot arrives as one state ({@link SubscriptionState.Kind#RESYNC}),
     * only if it differs. Cancelling unsubscribes. States are emitted on the connection's event
     * loop (use {@code publishOn} for blocking work); a slow subscriber gets the latest state,
     * its changes covering those it did not see (docs/subscriptions.md).
     *
     * @param target the service's address and the fingerprint to pin
     * @param codes the codes, as the service names them; a service takes at most 10
     * @return the states; the {@code Flux} never completes by itself, and fails with
     *     {@link io.scamp.message.SubscriptionRefusedException} when the service refuses the
     *     filter (more than 10 codes, say), or {@link io.scamp.message.TransportException}
     *     when the client is closed; connection failures are retried, not signalled
     * @throws IllegalArgumentException if {@code codes} is empty or holds a {@code null}
     */
    public Flux<SubscriptionState> subscribe(Endpoint target, String... codes) {
        java.util.Objects.requireNonNull(target, "target");
        if (codes.length == 0) {
            throw new IllegalArgumentException("subscribe to at least one code");
        }
        for (String code : codes) {
            if (code == null) {
                throw new IllegalArgumentException("a subscription code is null");
            }
        }
        java.util.List<String> filter = java.util.List.copyOf(new java.util.LinkedHashSet<>(java.util.Arrays.asList(codes)));
        return Flux.create(sink -> {
            if (disposing.get()) {
                sink.error(new io.scamp.message.TransportException("client is closed", true));
                return;
            }
            new SubscriptionSession(inbox -> pool.openDedicated(target, inbox, subscriptionHeartbeat), target.address(), filter, sink,
                    disposing::get).start();
        });
    }

    /**
     * Sends {@code body} to {@code target} as a one-way {@code notify} message (SCAMP.md §10:
     * a JSON body, no reply), on the pooled connection.
     *
     * @param target the service's address and the fingerprint to pin
     * @param body the value sent, encoded as JSON now (a {@code JsonNode} as it is)
     * @return a {@code Mono} that completes once the message has been written to the
     *     connection's socket, and fails with {@link io.scamp.message.TransportException} when
     *     the service cannot be reached or the connection closes first; nothing is sent until
     *     subscription
     * @throws io.scamp.message.ScampException if {@code body} cannot be encoded as JSON
     */
    public Mono<Void> notify(Endpoint target, Object body) {
        java.util.Objects.requireNonNull(target, "target");
        Flux<java.nio.ByteBuffer> json = io.scamp.message.Bodies.json(body);
        return pool.acquire(target).flatMap(c -> Mono.<Void>create(sink -> c.sendMessage(NOTIFY_HEADER,
                io.scamp.message.MessageHeader.TYPE_NOTIFY, 0, json, failure -> {
                    if (failure == null) {
                        sink.success();
                    } else {
                        sink.error(failure);
                    }
                })));
    }

    private static final io.scamp.message.MessageHeader NOTIFY_HEADER = io.scamp.message.MessageHeader.builder().build();

    /** The pool, for tests in this package. */
    ConnectionPool pool() {
        return pool;
    }

    /** The event loops, for tests in this package. */
    EventLoops loops() {
        return loops;
    }

    /**
     * Opens (or reuses) the pooled connection to {@code target} and completes once it is up:
     * TCP connected, TLS done and the server's certificate checked against the endpoint's
     * fingerprint. Use it at start-up to fail fast, for example on a
     * {@link io.scamp.message.FingerprintMismatchException}, instead of on the first request.
     * Fails with a {@link io.scamp.message.TransportException} when the service cannot be reached
     * within the connect timeout.
     *
     * @param target the service's address and the fingerprint to pin
     * @return a {@code Mono} that completes once the connection is up; it fails with
     *     {@link io.scamp.message.FingerprintMismatchException} for a certificate without the
     *     pinned fingerprint, {@link io.scamp.message.TransportException} when connecting or the
     *     handshake fails or the client is shut down. Nothing happens until subscription.
     */
    public Mono<Void> connect(Endpoint target) {
        return pool.acquire(target).then();
    }

    /**
     * The TLS implementation this client's connections use: {@code "openssl"} (BoringSSL through
     * netty-tcnative, where its native library loads) or {@code "jdk"}; see
     * {@link TlsContexts#PROVIDER_PROPERTY} to force one.
     *
     * @return {@code "openssl"} or {@code "jdk"}, as decided when the client was built (building
     *     fails with {@link IllegalStateException} when the property asks for {@code openssl}
     *     where it cannot load, or has another value)
     */
    public String tlsProvider() {
        return pool.tlsProvider();
    }

    /**
     * Closes every connection (requests still open fail with a transport error) and then stops
     * the event loops this client started (not those of a client it shares them with). Nothing
     * happens until subscription; the first subscription starts it, later ones wait for the
     * same end. Never blocks: safe inside a Reactor chain and on any thread.
     *
     * @return a {@code Mono} that completes when every connection is closed and the client's
     *     own event loops have stopped
     */
    public Mono<Void> disposeLater() {
        return Mono.defer(() -> {
            startDisposal();
            return disposed.asMono();
        });
    }

    /** Starts {@link #disposeLater()} and returns at once. */
    @Override
    public void dispose() {
        startDisposal();
    }

    /**
     * Whether shutting down has begun.
     *
     * @return true once {@link #dispose()} or {@link #close()} was called or
     *     {@link #disposeLater()} subscribed to
     */
    @Override
    public boolean isDisposed() {
        return disposing.get();
    }

    /**
     * Starts shutting down and waits until every connection is closed and the event loops
     * have stopped; on a non-blocking thread (a Reactor scheduler's or one of the client's
     * event loops) it only starts it, as {@link #dispose()} does, since waiting there would
     * stall or deadlock that thread.
     */
    @Override
    public void close() {
        startDisposal();
        if (!Schedulers.isInNonBlockingThread()) { // the client's own loops and every Reactor loop are non-blocking
            disposed.asMono().block();
        }
    }

    private void startDisposal() {
        if (!disposing.compareAndSet(false, true)) {
            return;
        }
        Mono<Void> closing = pool.closeAsync();
        if (ownsLoops) {
            closing = closing.then(loops.shutdown());
        }
        closing.subscribe(null, disposed::tryEmitError, disposed::tryEmitEmpty);
    }
}
