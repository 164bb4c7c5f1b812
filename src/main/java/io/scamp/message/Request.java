package io.scamp.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A SCAMP request: header fields plus a streamed body.
 *
 * <p>On the requester side build one with {@link #builder(String)} or {@link #json(String, Object)}.
 * On the service side a handler receives one whose {@link #body()} streams the bytes as they
 * arrive; the connection acknowledges bytes as the body's subscriber takes them, so a slow
 * handler slows the requester down. A body can be subscribed to once.
 */
public final class Request {
    private final MessageHeader header;
    private final Flux<ByteBuffer> body;
    private final Duration timeout;
    private final io.scamp.auth.Ticket verifiedTicket;

    private Request(MessageHeader header, Flux<ByteBuffer> body, Duration timeout) {
        this(header, body, timeout, null);
    }

    private Request(MessageHeader header, Flux<ByteBuffer> body, Duration timeout, io.scamp.auth.Ticket verifiedTicket) {
        this.header = header;
        this.body = body;
        this.timeout = timeout;
        this.verifiedTicket = verifiedTicket;
    }

    /** A request for {@code action} (version 1, envelope json) with the given body. */
    public static Request of(String action, Publisher<ByteBuffer> body) {
        return builder(action).body(body).build();
    }

    /** A request for {@code action} (version 1, envelope json) whose body is {@code value} as JSON. */
    public static Request json(String action, Object value) {
        return builder(action).json(value).build();
    }

    public static Builder builder(String action) {
        return new Builder(action);
    }

    /** Wraps a received header and body (used by the service side). */
    public static Request received(MessageHeader header, Flux<ByteBuffer> body) {
        return new Request(header, body, null);
    }

    public MessageHeader header() {
        return header;
    }

    public String action() {
        return header.action();
    }

    public int version() {
        return header.version();
    }

    /** The envelope, {@code "json"} when the header had none. */
    public String envelope() {
        return header.envelope() == null ? "json" : header.envelope();
    }

    /** The timeout this request asked for, or {@code null} for the client's default. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The body, streamed; the buffers are the subscriber's to keep. A received buffer is a
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

    /** The whole body decoded as JSON, capped at {@link Bodies#DEFAULT_MAX_AGGREGATE}. */
    public <T> Mono<T> bodyAsJson(Class<T> type) {
        return Bodies.decodeJson(body, type, Bodies.DEFAULT_MAX_AGGREGATE);
    }

    /** The whole body decoded as JSON, failing past {@code maxBytes}. */
    public <T> Mono<T> bodyAsJson(Class<T> type, long maxBytes) {
        return Bodies.decodeJson(body, type, maxBytes);
    }

    /** A copy with another body (the header is kept). */
    public Request withBody(Publisher<ByteBuffer> newBody) {
        return new Request(header, Flux.from(newBody), timeout, verifiedTicket);
    }

    /**
     * On the service side, the ticket the service verified for a protected action (user,
     * client, privileges); empty for {@code noauth} actions and services without authorization.
     */
    public java.util.Optional<io.scamp.auth.Ticket> verifiedTicket() {
        return java.util.Optional.ofNullable(verifiedTicket);
    }

    /** A copy carrying the ticket the service verified. */
    public Request withVerifiedTicket(io.scamp.auth.Ticket ticket) {
        return new Request(header, body, timeout, ticket);
    }

    /** A copy with another timeout. */
    public Request withTimeout(Duration newTimeout) {
        return new Request(header, body, newTimeout, verifiedTicket);
    }

    /** A copy with another header (the body is kept). */
    public Request withHeader(MessageHeader newHeader) {
        return new Request(newHeader, body, timeout, verifiedTicket);
    }

    @Override
    public String toString() {
        return "Request{" + header + "}";
    }

    /** Builds an outgoing request. */
    public static final class Builder {
        private final MessageHeader.Builder header = MessageHeader.builder().type(MessageHeader.TYPE_REQUEST);
        private Flux<ByteBuffer> body = Flux.empty();
        private Duration timeout;

        private Builder(String action) {
            header.action(Objects.requireNonNull(action, "action")).version(1).envelope("json");
        }

        public Builder version(int version) {
            header.version(version);
            return this;
        }

        public Builder envelope(String envelope) {
            header.envelope(envelope);
            return this;
        }

        public Builder sector(String sector) {
            header.sector(sector);
            return this;
        }

        public Builder ticket(String ticket) {
            header.ticket(ticket);
            return this;
        }

        public Builder identifyingToken(String token) {
            header.identifyingToken(token);
            return this;
        }

        public Builder clientId(long clientId) {
            header.clientId(clientId);
            return this;
        }

        /** Adds a header field this library does not model. */
        public Builder headerField(String name, JsonNode value) {
            header.extra(name, value);
            return this;
        }

        /** Overrides the client's default timeout for this request. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder body(Publisher<ByteBuffer> body) {
            this.body = Flux.from(body);
            return this;
        }

        public Builder body(byte[] bytes) {
            this.body = Bodies.bytes(bytes);
            return this;
        }

        public Builder json(Object value) {
            this.body = Bodies.json(value);
            return this;
        }

        public Request build() {
            return new Request(header.build(), body, timeout);
        }
    }
}
