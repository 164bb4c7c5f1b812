package io.scamp.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A SCAMP reply: header fields plus a streamed body.
 *
 * <p>A handler returns one built with {@link #of(Publisher)}, {@link #json(Object)} or
 * {@link #error(String, String)}. A requester receives one as soon as the reply header
 * arrives; its {@link #body()} then streams, acknowledged as it is consumed. Error replies
 * never reach the requester as a {@code Reply}: they fail the request with
 * {@link RemoteActionException}.
 */
public final class Reply {
    private final MessageHeader header;
    private final Flux<ByteBuffer> body;

    private Reply(MessageHeader header, Flux<ByteBuffer> body) {
        this.header = header;
        this.body = body;
    }

    /** A successful reply streaming {@code body}. */
    public static Reply of(Publisher<ByteBuffer> body) {
        return new Reply(MessageHeader.builder().type(MessageHeader.TYPE_REPLY).envelope("json").build(), Flux.from(body));
    }

    /** A successful reply whose body is {@code value} encoded as JSON. */
    public static Reply json(Object value) {
        return of(Bodies.json(value));
    }

    /** A successful reply with the given bytes (not copied). */
    public static Reply bytes(byte[] bytes) {
        return of(Bodies.bytes(bytes));
    }

    /** A successful reply with an empty body. */
    public static Reply empty() {
        return of(Flux.empty());
    }

    /** An error reply: {@code error_code} and {@code error}, empty body. */
    public static Reply error(String errorCode, String error) {
        return error(errorCode, error, null);
    }

    /** An error reply with {@code error_data}. */
    public static Reply error(String errorCode, String error, JsonNode errorData) {
        MessageHeader h = MessageHeader.builder().type(MessageHeader.TYPE_REPLY).envelope("json")
                .errorCode(errorCode == null || errorCode.isEmpty() ? "generic" : errorCode)
                .error(error == null ? "" : error)
                .errorData(errorData)
                .build();
        return new Reply(h, Flux.empty());
    }

    /** Wraps a received or hand-built header and body. */
    public static Reply of(MessageHeader header, Publisher<ByteBuffer> body) {
        return new Reply(header, Flux.from(body));
    }

    public MessageHeader header() {
        return header;
    }

    public boolean isError() {
        return header.isError();
    }

    /**
     * The body, streamed; the buffers are the subscriber's to keep. Subscribe once. A received buffer is a
     * heap buffer that may share its array with the next one (a large DATA packet is handed
     * over in two parts), so read it through its position, limit and {@code arrayOffset()},
     * never as the whole {@code array()}.
     */
    public Flux<ByteBuffer> body() {
        return body;
    }

    /** The whole body in one array, failing with {@link BodyTooLargeException} past {@code maxBytes}. */
    public Mono<byte[]> bodyAsBytes(long maxBytes) {
        return Bodies.aggregate(body, maxBytes);
    }

    /** The whole body as UTF-8 text, capped at {@link Bodies#DEFAULT_MAX_AGGREGATE}. */
    public Mono<String> bodyAsString() {
        return bodyAsBytes(Bodies.DEFAULT_MAX_AGGREGATE).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The whole body decoded as JSON, capped at {@link Bodies#DEFAULT_MAX_AGGREGATE}. */
    public <T> Mono<T> bodyAsJson(Class<T> type) {
        return Bodies.decodeJson(body, type, Bodies.DEFAULT_MAX_AGGREGATE);
    }

    /** The whole body decoded as JSON, failing past {@code maxBytes}. */
    public <T> Mono<T> bodyAsJson(Class<T> type, long maxBytes) {
        return Bodies.decodeJson(body, type, maxBytes);
    }

    /** A copy with another header (the body is kept). */
    public Reply withHeader(MessageHeader newHeader) {
        return new Reply(newHeader, body);
    }

    @Override
    public String toString() {
        return "Reply{" + header + "}";
    }
}
