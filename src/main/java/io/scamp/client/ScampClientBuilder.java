package io.scamp.client;

import java.time.Duration;

/** Configures a {@link ScampClient}. */
public final class ScampClientBuilder {
    ScampClientBuilder() {
    }

    /** Default per-request timeout (default {@code rpc.timeout}, 75 s). */
    public ScampClientBuilder timeout(Duration timeout) { throw new UnsupportedOperationException("TODO"); }

    /** The per-message window of unacknowledged bytes (default 65536). */
    public ScampClientBuilder maxInflight(int bytes) { throw new UnsupportedOperationException("TODO"); }

    /** Idle connections are closed after this (default 90 s). */
    public ScampClientBuilder idleTimeout(Duration timeout) { throw new UnsupportedOperationException("TODO"); }

    /** Send PING every {@code interval}; a PING unanswered by the next one closes the connection. Off by default. */
    public ScampClientBuilder heartbeat(Duration interval) { throw new UnsupportedOperationException("TODO"); }

    /** How long to wait for a TCP+TLS connection to come up (default 10 s). */
    public ScampClientBuilder connectTimeout(Duration timeout) { throw new UnsupportedOperationException("TODO"); }

    public ScampClient build() { throw new UnsupportedOperationException("TODO"); }
}
