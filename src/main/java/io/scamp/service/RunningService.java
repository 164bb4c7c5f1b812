package io.scamp.service;

import io.scamp.tls.ServiceIdentity;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A started {@link ScampService}: where it listens and how to stop it.
 */
public interface RunningService {
    /** {@code beepish+tls://HOST:PORT}. */
    String address();

    String host();

    int port();

    /** The fingerprint of the certificate the service presents. */
    String fingerprint();

    ServiceIdentity identity();

    /** The instance identity, {@code name:} + base64 of 18 random bytes, unique per start. */
    String ident();

    /**
     * Drains and stops: no new requests are accepted, open ones finish (up to the drain
     * timeout), then connections close. Completes when everything is closed.
     */
    Mono<Void> stop();

    /** Like {@link #stop()} with an explicit limit for the drain. */
    Mono<Void> stop(Duration drainTimeout);

    /** Completes when the service has stopped, however it was stopped. */
    Mono<Void> onStopped();
}
