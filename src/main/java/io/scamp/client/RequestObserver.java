package io.scamp.client;

import io.scamp.message.Reply;
import io.scamp.message.Request;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Watches each request a {@link ScampClient} sends to an endpoint (tracing). A client has
 * none ({@code null}: a null check is all a call pays) unless
 * {@link ScampClientBuilder#observationRegistry} was called; the one implementation,
 * {@link ObservedRequests}, is the only class that uses Micrometer.
 */
interface RequestObserver {
    /**
     * The reply of {@code request}, sent with {@code send}, observed.
     *
     * @param request the request, the client's defaults applied
     * @param address the service's address
     * @param send sends a request (this one, or it with propagation fields added)
     * @return the reply, as {@code send} gives it
     */
    Mono<Reply> observe(Request request, String address, Function<Request, Mono<Reply>> send);
}
