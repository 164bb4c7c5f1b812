package io.scamp.client;

import io.scamp.connection.ConnectionSettings;
import io.scamp.connection.ReceiveLimits;
import io.scamp.connection.EventLoops;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures a {@link ScampClient}. Every setting has a default (SCAMP.md §9); a setter
 * rejects a bad value at once, when it is called.
 */
public final class ScampClientBuilder {
    Duration timeout = Duration.ofSeconds(75);
    int maxInflight = ConnectionSettings.DEFAULT_MAX_INFLIGHT;
    ReceiveLimits receiveLimits = ReceiveLimits.defaults();
    io.scamp.connection.WindowLimits windowLimits = io.scamp.connection.WindowLimits.defaults();
    Duration idleTimeout = Duration.ofSeconds(90);
    Duration heartbeat = Duration.ZERO;
    Duration connectTimeout = Duration.ofSeconds(10);
    int workers = EventLoops.defaultWorkers();
    io.scamp.discovery.ServiceDirectory directory;
    String ticket;
    io.scamp.tls.ServiceIdentity identity;
    ScampClient loopsOwner;
    String identifyingToken;
    /** Typed as Micrometer's, but only read when set: Micrometer is loaded only if {@link #metrics} was called. */
    io.micrometer.core.instrument.MeterRegistry meterRegistry;
    io.micrometer.observation.ObservationRegistry observationRegistry;
    io.scamp.observation.ScampClientObservationConvention observationConvention;

    ScampClientBuilder() {
    }

    /**
     * Default per-request timeout ({@code rpc.timeout}, 75 s), for requests that set none: how
     * long a request may wait for its reply header, connecting included.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public ScampClientBuilder timeout(Duration timeout) {
        this.timeout = positive(timeout, "timeout");
        return this;
    }

    /**
     * The per-message window of unacknowledged bytes ({@code flow.max_inflight}, 65536): a
     * request body pauses when this many of its bytes are not yet acknowledged.
     *
     * @param bytes the window in bytes, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     */
    public ScampClientBuilder maxInflight(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxInflight must be positive");
        }
        this.maxInflight = bytes;
        return this;
    }

    /**
     * Whether send windows adapt to the path ({@code flow.adaptive}, true): a message's window
     * starts at {@link #maxInflight} and grows while the peer's ACKs show the window, not the
     * peer, is what limits it (docs/design.md, "Adaptive send window"). {@code false} keeps
     * every window at {@link #maxInflight}.
     *
     * @param adaptive whether windows grow
     * @return this builder
     */
    public ScampClientBuilder adaptiveWindow(boolean adaptive) {
        this.windowLimits = new io.scamp.connection.WindowLimits(adaptive, windowLimits.maxWindow(), windowLimits.connectionWindow());
        return this;
    }

    /**
     * How far adaptive windows may grow: {@code perMessage} for one message
     * ({@code flow.max_window}, 16 MiB) and {@code perConnection} for the windows of one
     * connection's messages together ({@code flow.connection_window}, 64 MiB); every message
     * keeps at least {@link #maxInflight}.
     *
     * @param perMessage the largest window of a message, bytes, at least 1
     * @param perConnection the sum of a connection's windows, bytes, at least {@code perMessage}
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public ScampClientBuilder maxWindow(int perMessage, long perConnection) {
        this.windowLimits = new io.scamp.connection.WindowLimits(windowLimits.adaptive(), perMessage, perConnection);
        return this;
    }

    /** All window limits at once (from a configuration). */
    ScampClientBuilder windowLimits(io.scamp.connection.WindowLimits limits) {
        this.windowLimits = java.util.Objects.requireNonNull(limits, "limits");
        return this;
    }

    /**
     * Idle connections are closed after this ({@code beepish.client_timeout}, 90 s); zero keeps them.
     * A connection is idle while no message is open on it and no request waits for a reply.
     *
     * @param timeout how long a connection may stay idle; zero (or negative) keeps idle
     *     connections open
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     */
    public ScampClientBuilder idleTimeout(Duration timeout) {
        this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Send PING every {@code interval}; one unanswered by the next tick closes the connection. Zero (default) disables.
     * A connection closed this way fails its open requests with a
     * {@link io.scamp.message.TransportException}. Keep it off when a service this client may
     * reach is the canonical Perl implementation: it treats a PING as an unexpected packet and
     * drops the connection (SCAMP.md §11; docs/interop.md).
     *
     * @param interval time between PINGs; zero (or negative) sends none
     * @return this builder
     * @throws NullPointerException if {@code interval} is null
     */
    public ScampClientBuilder heartbeat(Duration interval) {
        this.heartbeat = Objects.requireNonNull(interval, "interval");
        return this;
    }

    /**
     * How long opening a connection may take (10 s): the TCP connect and the TLS handshake
     * together, from the start of the attempt. Past it the requests waiting for the connection
     * fail with a dispatch-failure {@link io.scamp.message.TransportException} (or a
     * {@link io.scamp.message.ScampTimeoutException} when their own timeout, which counts from
     * the call and covers connecting too, ends first).
     *
     * @param timeout a positive duration, used in whole milliseconds
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public ScampClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    /**
     * Event-loop threads (default: cores, at most 4). Each connection stays on one of them.
     * Ignored when the client {@link #shareEventLoopsWith shares} another's loops.
     *
     * @param threads the number of threads; values below 1 mean 1
     * @return this builder
     */
    public ScampClientBuilder workers(int threads) {
        this.workers = Math.max(1, threads);
        return this;
    }

    /**
     * The directory {@link ScampClient#request(io.scamp.message.Request)} routes through; the caller keeps ownership.
     * Closing the client does not dispose it. Without a directory, routed requests fail with
     * {@link IllegalStateException}.
     *
     * @param directory the live directory to look actions up in
     * @return this builder
     * @throws NullPointerException if {@code directory} is null
     */
    public ScampClientBuilder directory(io.scamp.discovery.ServiceDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * Runs this client on {@code other}'s event loops instead of starting its own: many clients
     * (for example one per tenant, each with its own connections) then cost no extra threads.
     * {@code other} must outlive this client.
     *
     * @param other the client whose event loops this one runs on; closing this client leaves
     *     them running, closing {@code other} stops them
     * @return this builder
     * @throws NullPointerException if {@code other} is null
     */
    public ScampClientBuilder shareEventLoopsWith(ScampClient other) {
        this.loopsOwner = Objects.requireNonNull(other, "other");
        return this;
    }

    /**
     * A certificate to present to services that require client certificates
     * ({@link io.scamp.service.ScampServiceBuilder#requireClientCertificates}). Default: none.
     *
     * @param identity the certificate and private key to present when a server asks for one
     * @return this builder
     * @throws NullPointerException if {@code identity} is null
     */
    public ScampClientBuilder identity(io.scamp.tls.ServiceIdentity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
        return this;
    }

    /**
     * A ticket sent with every request that carries none of its own (SCAMP.md §8).
     *
     * @param ticket the signed ticket text; {@code null} (the default) for none
     * @return this builder
     */
    public ScampClientBuilder ticket(String ticket) {
        this.ticket = ticket;
        return this;
    }

    /**
     * An identifying token sent with every request that carries none of its own.
     *
     * @param token the token; {@code null} (the default) for none
     * @return this builder
     */
    public ScampClientBuilder identifyingToken(String token) {
        this.identifyingToken = token;
        return this;
    }

    /**
     * How many received bytes may wait for the application (queued in bodies not yet consumed,
     * reply or request bodies nobody has subscribed to yet included) before a connection stops
     * reading from its socket: {@code connectionBytes} per connection
     * ({@code flow.connection_receive_buffer}), {@code totalBytes} across all connections of this
     * client ({@code flow.receive_buffer}). Reads resume at half the mark. A peer that ignores
     * the ACK window is slowed down by TCP instead of filling the heap. The defaults scale with
     * the maximum heap: a sixteenth per connection (256 KiB to 16 MiB), a quarter in all
     * (1 MiB to 256 MiB); at {@code -Xmx64m}, 4 and 16 MiB.
     *
     * @param connectionBytes the high mark of one connection, at least 256 KiB
     * @param totalBytes the high mark of all connections together, at least {@code connectionBytes}
     * @return this builder
     * @throws IllegalArgumentException if a mark is under 256 KiB or the total under the connection's
     */
    public ScampClientBuilder receiveBuffer(long connectionBytes, long totalBytes) {
        this.receiveLimits = new ReceiveLimits(connectionBytes, totalBytes, receiveLimits.stallTimeout());
        return this;
    }

    /**
     * How long a connection's reads may stay paused for the receive buffer with nothing
     * consumed, or its peer read none of its output, before the connection is closed with a
     * {@link io.scamp.message.ConnectionStalledException} ({@code flow.receive_stall_timeout},
     * 60 s). Only that connection closes.
     *
     * @param timeout the limit; zero never closes a stalled connection
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public ScampClientBuilder receiveStallTimeout(Duration timeout) {
        this.receiveLimits = new ReceiveLimits(receiveLimits.connectionBytes(), receiveLimits.totalBytes(), timeout);
        return this;
    }

    /**
     * Records this client's metrics into {@code registry}: calls (duration to the reply header
     * and to the end of its body, in flight, by outcome), bytes and packets, protocol
     * violations, connections (open, opened, closed by cause, per service address, connect and
     * TLS handshake times), flow control and, with a {@link #directory}, the directory's
     * services, actions, rejected records and staleness. Tags are low-cardinality: side, action,
     * version, envelope, outcome, error code (never request ids, idents or addresses of
     * requesters); docs/observability.md lists every meter. Micrometer
     * ({@code io.micrometer:micrometer-core}) is an optional dependency of this library: add it
     * to use this; without a call to this method, none of it is loaded and nothing is recorded.
     *
     * @param registry where the meters go; several clients and services may share one
     * @return this builder
     * @throws NullPointerException if {@code registry} is null
     */
    public ScampClientBuilder metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Settings from a configuration file ({@code rpc.timeout}, {@code flow.max_inflight}, {@code beepish.client_timeout},
     * {@code flow.connection_receive_buffer}, {@code flow.receive_buffer}, {@code flow.receive_stall_timeout}).
     * The other settings keep their values.
     *
     * @param config the loaded configuration; keys it lacks give their SCAMP.md defaults
     * @return this builder
     * @throws IllegalArgumentException if {@code rpc.timeout} is not positive or
     *     {@code flow.max_inflight} is less than 1, as {@link #timeout} and
     *     {@link #maxInflight} throw
     * @throws io.scamp.config.ConfigException if one of those keys is not an integer
     */
    public ScampClientBuilder config(io.scamp.config.ScampConfig config) {
        return timeout(config.rpcTimeout()).maxInflight(config.maxInflight()).idleTimeout(config.clientTimeout())
                .receiveBuffer(config.connectionReceiveBuffer(), config.receiveBuffer())
                .receiveStallTimeout(config.receiveStallTimeout())
                .windowLimits(new io.scamp.connection.WindowLimits(config.adaptiveWindow(), config.maxWindow(), config.connectionWindow()));
    }

    /**
     * Observes every request with Micrometer's Observation API: a {@code scamp.client.requests}
     * observation per request, from subscription to the end of its reply, a child of the
     * observation in the subscriber's Reactor context ({@code ObservationThreadLocalAccessor.KEY},
     * where a service's handler finds its own) or of the current one. With a tracing bridge the
     * trace context goes out in the request header as W3C {@code traceparent} and
     * {@code tracestate} fields (docs/observability.md, "Tracing"). Needs
     * {@code micrometer-observation} on the class path; without this call nothing of Micrometer
     * is loaded and requests pay nothing.
     *
     * @param registry where the observations go, with the handlers (tracing, meters) it has
     * @return this builder
     * @throws NullPointerException if {@code registry} is null
     */
    public ScampClientBuilder observationRegistry(io.micrometer.observation.ObservationRegistry registry) {
        this.observationRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Names the observations and gives their key values instead of
     * {@link io.scamp.observation.DefaultScampClientObservationConvention} (used only with an
     * {@link #observationRegistry observation registry}).
     *
     * @param convention the convention to use
     * @return this builder
     * @throws NullPointerException if {@code convention} is null
     */
    public ScampClientBuilder observationConvention(io.scamp.observation.ScampClientObservationConvention convention) {
        this.observationConvention = Objects.requireNonNull(convention, "convention");
        return this;
    }

    /** The client's request observer: {@code null} (nothing to pay) without an observation registry. */
    RequestObserver requestObserver() {
        if (observationRegistry == null) {
            return null;
        }
        return new ObservedRequests(observationRegistry, observationConvention);
    }

    /**
     * A client with these settings; it starts its event loops (unless it shares another's).
     * The builder may be reused.
     *
     * @return a new client, to be closed when no longer needed
     */
    public ScampClient build() {
        return new ScampClient(this);
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return d;
    }
}
