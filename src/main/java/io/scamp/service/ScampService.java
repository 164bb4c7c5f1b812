package io.scamp.service;

import io.scamp.tls.ServiceIdentity;
import reactor.core.publisher.Mono;

/**
 * A SCAMP service: a set of actions served over TLS. Immutable once built; {@link #start()}
 * binds a port and returns a {@link RunningService}.
 *
 * <pre>{@code
 * RunningService running = ScampService.builder()
 *     .name("greeter")
 *     .action("Greeter.hello", 1, req -> req.bodyAsJson(Map.class).map(m -> Reply.json(Map.of("hi", m.get("name")))))
 *     .build()
 *     .start()
 *     .block();
 * }</pre>
 */
public final class ScampService {
    public static ScampServiceBuilder builder() {
        return new ScampServiceBuilder();
    }

    /** Binds and starts serving. */
    public Mono<RunningService> start() {
        throw new UnsupportedOperationException("TODO");
    }
}
