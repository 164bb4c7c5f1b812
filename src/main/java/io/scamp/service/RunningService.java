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
    /**
     * {@code beepish+tls://HOST:PORT}, the address it listens on ({@code scamp+tls://} when
     * {@link ScampServiceBuilder#addressScheme} chose the older scheme).
     *
     * @return the listening address ({@link #host()} and {@link #port()}, an IPv6 host in
     *     brackets); not the announced one when {@link ScampServiceBuilder#announceAddress}
     *     set another host
     */
    String address();

    /**
     * The host (IP address) it listens on.
     *
     * @return the listening socket's IP address, such as {@code 127.0.0.1}, or
     *     {@code 0.0.0.0} when bound to every interface
     */
    String host();

    /**
     * The port it listens on.
     *
     * @return the bound port: the one picked from the range, or by the system for port 0
     */
    int port();

    /**
     * The fingerprint of the certificate the service presents.
     *
     * @return the SHA-1 fingerprint, {@code AA:BB:...}, 59 characters, uppercase: what
     *     clients pin
     */
    String fingerprint();

    /**
     * Where a client reaches this service: its {@link #address()} with its
     * {@link #fingerprint()} pinned, ready for {@link io.scamp.client.ScampClient#request}.
     *
     * @return the endpoint of the listening address, not of the announced one
     */
    default Endpoint endpoint() {
        return Endpoint.of(address(), fingerprint());
    }

    /**
     * The TLS identity the service presents and signs its announcements with.
     *
     * @return the identity given to the builder, or the one loaded or generated at start
     */
    ServiceIdentity identity();

    /**
     * The instance identity, {@code name:} + base64 of 18 random bytes, unique per start.
     *
     * @return the ident its announcements carry: the service name, {@code :} and 24 base64
     *     characters
     */
    String ident();

    /**
     * The TLS implementation serving connections: {@code "openssl"} (BoringSSL through
     * netty-tcnative) or {@code "jdk"}.
     *
     * @return {@code "openssl"} or {@code "jdk"}, as {@link io.scamp.tls.TlsContexts#providerName()}
     *     gave it when the service started and built its TLS context
     */
    String tlsProvider();

    /**
     * Changes this service's published data (SCAMP.md §10): sets {@code key} of {@code code} to
     * {@code value}, or deletes it for {@code null}, and sends the change as an {@code event} to
     * every connection subscribed to {@code code}. A value equal to the current one (or deleting
     * a missing key) changes nothing and sends nothing. Code {@code announce}, key {@code ""},
     * holds the service's current announcement record (its signed text), kept by the service.
     * Thread-safe; a subscriber's events keep the order of the publications. See
     * docs/subscriptions.md for the bounds.
     *
     * @param code the code, at most 1024 characters
     * @param key the key within the code
     * @param value anything Jackson encodes (a {@code JsonNode}, a map, a string...), or
     *     {@code null} to delete the key
     * @return whether the data changed
     * @throws IllegalStateException when the published data would pass 10,000 keys or 4 MiB of
     *     encoded records (nothing changes)
     * @throws IllegalArgumentException when {@code value} cannot be encoded as JSON or the code is too long
     * @throws NullPointerException if {@code code} or {@code key} is null
     */
    boolean publish(String code, String key, Object value);

    /**
     * Drains and stops (see the type's description) with the builder's drain timeout.
     * Starts on the first subscription; later subscriptions wait for the same end. Never blocks.
     *
     * @return a {@code Mono} that completes when the service has stopped; it does not fail
     */
    Mono<Void> stop();

    /**
     * Like {@link #stop()} with an explicit limit for the drain.
     *
     * @param drainTimeout how long open requests may take to finish before the connections are
     *     closed anyway; zero closes them at once. Only the subscription that starts stopping
     *     sets it: once stopping has begun, this waits for the same end, whatever its limit
     * @throws NullPointerException if {@code drainTimeout} is null
     * @return a {@code Mono} that completes when the service has stopped; it does not fail
     */
    Mono<Void> stop(Duration drainTimeout);

    /**
     * The same as {@link #stop()}, named as Reactor Netty names it.
     *
     * @return a {@code Mono} that completes when the service has stopped
     */
    default Mono<Void> disposeLater() {
        return stop();
    }

    /** Starts {@link #stop()} and returns at once. */
    @Override
    void dispose();

    /**
     * Whether stopping has begun.
     *
     * @return true once a stop was started, by any of the methods above
     */
    @Override
    boolean isDisposed();

    /**
     * Stops and waits until the service has stopped; on a non-blocking thread (a Reactor
     * scheduler's or one of the service's event loops) it only starts stopping, since waiting
     * there would stall or deadlock that thread.
     */
    @Override
    void close();

    /**
     * Completes when the service has stopped, however it was stopped.
     *
     * @return a {@code Mono} that completes once the connections are closed, the announcers
     *     stopped and the event loops ended; subscribing does not stop the service. It fails
     *     (an {@link IllegalStateException} with the cause) when the service stopped because it
     *     could no longer serve: one of its event loops ended while it was running, so it closed
     *     its listener rather than accept connections nobody would serve
     */
    Mono<Void> onStopped();
}
