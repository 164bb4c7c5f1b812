package io.scamp.service;

import io.scamp.client.Endpoint;
import io.scamp.tls.ServiceIdentity;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A started {@link ScampService}: where it listens, who it is, and how to stop it.
 *
 * <p>Stopping drains: the service announces itself as draining (weight 0), closes its
 * listener, lets open requests finish (up to the drain timeout), closes its connections and
 * stops its event loops. {@link #disposeLater()} (or {@link #stop()}) does that without
 * blocking and completes when it is done, so it composes inside a Reactor chain;
 * {@link #dispose()} starts it and returns at once; {@link #close()} (for try-with-resources)
 * waits for it, except on a non-blocking thread, where it only starts it.
 */
public interface RunningService extends Disposable, AutoCloseable {
    /** {@code beepish+tls://HOST:PORT}, the address it listens on. */
    String address();

    /** The host (IP address) it listens on. */
    String host();

    /** The port it listens on. */
    int port();

    /** The fingerprint of the certificate the service presents. */
    String fingerprint();

    /**
     * Where a client reaches this service: its {@link #address()} with its
     * {@link #fingerprint()} pinned, ready for {@link io.scamp.client.ScampClient#request}.
     */
    default Endpoint endpoint() {
        return Endpoint.of(address(), fingerprint());
    }

    /** The TLS identity the service presents and signs its announcements with. */
    ServiceIdentity identity();

    /** The instance identity, {@code name:} + base64 of 18 random bytes, unique per start. */
    String ident();

    /**
     * The TLS implementation serving connections: {@code "openssl"} (BoringSSL through
     * netty-tcnative) or {@code "jdk"}.
     */
    String tlsProvider();

    /**
     * Drains and stops (see the type's description) with the builder's drain timeout.
     * Starts on the first subscription; later subscriptions wait for the same end. Never blocks.
     */
    Mono<Void> stop();

    /** Like {@link #stop()} with an explicit limit for the drain. */
    Mono<Void> stop(Duration drainTimeout);

    /** The same as {@link #stop()}, named as Reactor Netty names it. */
    default Mono<Void> disposeLater() {
        return stop();
    }

    /** Starts {@link #stop()} and returns at once. */
    @Override
    void dispose();

    /** Whether stopping has begun. */
    @Override
    boolean isDisposed();

    /**
     * Stops and waits until the service has stopped; on a non-blocking thread (a Reactor
     * scheduler's or one of the service's event loops) it only starts stopping, since waiting
     * there would stall or deadlock that thread.
     */
    @Override
    void close();

    /** Completes when the service has stopped, however it was stopped. */
    Mono<Void> onStopped();
}
