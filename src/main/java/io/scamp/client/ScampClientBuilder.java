package io.scamp.client;

import io.scamp.connection.ConnectionSettings;
import io.scamp.connection.EventLoops;
import java.time.Duration;
import java.util.Objects;

/** Configures a {@link ScampClient}. */
public final class ScampClientBuilder {
    Duration timeout = Duration.ofSeconds(75);
    int maxInflight = ConnectionSettings.DEFAULT_MAX_INFLIGHT;
    Duration idleTimeout = Duration.ofSeconds(90);
    Duration heartbeat = Duration.ZERO;
    Duration connectTimeout = Duration.ofSeconds(10);
    int workers = EventLoops.defaultWorkers();
    io.scamp.discovery.ServiceDirectory directory;
    String ticket;
    io.scamp.tls.ServiceIdentity identity;
    ScampClient loopsOwner;
    String identifyingToken;

    ScampClientBuilder() {
    }

    /** Default per-request timeout ({@code rpc.timeout}, 75 s). */
    public ScampClientBuilder timeout(Duration timeout) {
        this.timeout = positive(timeout, "timeout");
        return this;
    }

    /** The per-message window of unacknowledged bytes ({@code flow.max_inflight}, 65536). */
    public ScampClientBuilder maxInflight(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxInflight must be positive");
        }
        this.maxInflight = bytes;
        return this;
    }

    /** Idle connections are closed after this ({@code beepish.client_timeout}, 90 s); zero keeps them. */
    public ScampClientBuilder idleTimeout(Duration timeout) {
        this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** Send PING every {@code interval}; one unanswered by the next tick closes the connection. Zero (default) disables. */
    public ScampClientBuilder heartbeat(Duration interval) {
        this.heartbeat = Objects.requireNonNull(interval, "interval");
        return this;
    }

    /** How long a TCP connect and TLS handshake may take (10 s). */
    public ScampClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    /** Event-loop threads (default: cores, at most 4). */
    public ScampClientBuilder workers(int threads) {
        this.workers = Math.max(1, threads);
        return this;
    }

    /** The directory {@link ScampClient#request(io.scamp.message.Request)} routes through; the caller keeps ownership. */
    public ScampClientBuilder directory(io.scamp.discovery.ServiceDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * Runs this client on {@code other}'s event loops instead of starting its own: many clients
     * (for example one per tenant, each with its own connections) then cost no extra threads.
     * {@code other} must outlive this client.
     */
    public ScampClientBuilder shareEventLoopsWith(ScampClient other) {
        this.loopsOwner = Objects.requireNonNull(other, "other");
        return this;
    }

    /** A certificate to present to services that require client certificates. */
    public ScampClientBuilder identity(io.scamp.tls.ServiceIdentity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
        return this;
    }

    /** A ticket sent with every request that carries none of its own (SCAMP.md §8). */
    public ScampClientBuilder ticket(String ticket) {
        this.ticket = ticket;
        return this;
    }

    /** An identifying token sent with every request that carries none of its own. */
    public ScampClientBuilder identifyingToken(String token) {
        this.identifyingToken = token;
        return this;
    }

    /** Settings from a configuration file ({@code rpc.timeout}, {@code flow.max_inflight}, {@code beepish.client_timeout}). */
    public ScampClientBuilder config(io.scamp.config.ScampConfig config) {
        return timeout(config.rpcTimeout()).maxInflight(config.maxInflight()).idleTimeout(config.clientTimeout());
    }

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
