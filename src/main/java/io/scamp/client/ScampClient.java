package io.scamp.client;

import io.scamp.message.Reply;
import io.scamp.message.Request;
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
    public static ScampClient create() {
        return builder().build();
    }

    public static ScampClientBuilder builder() {
        return new ScampClientBuilder();
    }

    /**
     * Sends {@code request} to {@code target}. The {@code Mono} emits the reply as soon as its
     * header arrives (its body then streams), fails with
     * {@link io.scamp.message.RemoteActionException} for an error reply,
     * {@link io.scamp.message.TransportException} when the connection fails and
     * {@link io.scamp.message.ScampTimeoutException} after the timeout. Nothing is sent until
     * subscription; cancelling abandons the request.
     */
    public Mono<Reply> request(Endpoint target, Request request) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Sends {@code body} as JSON to {@code action} v1 and decodes the JSON reply into {@code type}. */
    public <T> Mono<T> requestJson(Endpoint target, String action, Object body, Class<T> type) {
        return request(target, Request.json(action, body)).flatMap(reply -> reply.bodyAsJson(type));
    }

    /** Closes every connection; requests still open fail with a transport error. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
