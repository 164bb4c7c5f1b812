package io.scamp.client;

import io.scamp.connection.ConnectionSettings;
import io.scamp.connection.EventLoops;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.ScampTimeoutException;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Sends SCAMP requests. Keeps one pooled, multiplexed TLS connection per service address,
 * opened on demand and replaced after loss; thousands of requests may be in flight on one
 * connection. Thread-safe; create one and share it. {@link #close()} releases everything.
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
public final class ScampClient implements AutoCloseable {
    private final Duration timeout;
    private final Duration connectTimeout;
    private final EventLoops loops;
    private final boolean ownsLoops;
    private final ConnectionPool pool;
    private final Router router;
    private final String defaultTicket;
    private final String defaultIdentifyingToken;

    ScampClient(ScampClientBuilder builder) {
        this.timeout = builder.timeout;
        this.connectTimeout = builder.connectTimeout;
        this.ownsLoops = builder.loopsOwner == null;
        this.loops = ownsLoops ? EventLoops.create("scamp-client", builder.workers) : builder.loopsOwner.loops;
        ConnectionSettings settings = new ConnectionSettings(builder.maxInflight, builder.idleTimeout, builder.heartbeat);
        this.pool = new ConnectionPool(loops, settings, builder.connectTimeout, builder.identity);
        this.defaultTicket = builder.ticket;
        this.defaultIdentifyingToken = builder.identifyingToken;
        this.router = builder.directory == null ? null : new Router(this, builder.directory);
    }

    /** A client with the defaults: 75 s timeout, window 65536, 90 s idle close, no heartbeat. */
    public static ScampClient create() {
        return builder().build();
    }

    public static ScampClientBuilder builder() {
        return new ScampClientBuilder();
    }

    /** The timeout used for requests that set none. */
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
     */
    public Mono<Reply> request(Endpoint target, Request original) {
        Request request = withDefaults(original);
        Duration limit = request.timeout() != null ? request.timeout() : timeout;
        return Mono.defer(() -> {
            io.scamp.connection.ScampConnection ready = pool.usableConnection(target);
            return ready != null ? ready.request(request, limit) : connectAndRequest(target, request, limit);
        });
    }

    private Mono<Reply> connectAndRequest(Endpoint target, Request request, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        Mono<io.scamp.connection.ScampConnection> connection = pool.acquire(target);
        if (limit.compareTo(connectTimeout) < 0) {
            // Connecting is bounded by the connect timeout; only a shorter request timeout needs a timer of its own here.
            connection = connection.timeout(limit, Mono.error(() -> new ScampTimeoutException(request.action(), limit)));
        }
        return connection
                .flatMap(c -> c.request(request,
                        Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))))
                .onErrorMap(ScampTimeoutException.class, e -> new ScampTimeoutException(request.action(), limit));
    }

    /**
     * Sends {@code request} to a service found in the directory by its action (sector from
     * the request, {@code main} by default; version; envelope): one of the authorized,
     * non-draining instances offering it, at random by weight, preferring instances not
     * marked failing, with the TLS fingerprint of its announcement pinned. A dispatch failure
     * marks the instance failing and the request is retried once on another. An action's
     * {@code t<N>} flag sets the timeout to N + 5 seconds unless the request sets its own.
     * Fails with {@link io.scamp.message.ServiceNotFoundException} when no service offers it.
     *
     * @return the reply; when the client was built without a directory, a {@code Mono} that
     *     fails with {@link IllegalStateException} (nothing is thrown by this method)
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

    /** Sends {@code body} as JSON to {@code action} v1 and decodes the JSON reply into {@code type}. */
    public <T> Mono<T> requestJson(Endpoint target, String action, Object body, Class<T> type) {
        return request(target, Request.json(action, body)).flatMap(reply -> reply.bodyAsJson(type));
    }

    /** Closes every connection (requests still open fail with a transport error) and stops the event loops. */
    @Override
    public void close() {
        pool.close();
        if (ownsLoops) {
            loops.close();
        }
    }
}
