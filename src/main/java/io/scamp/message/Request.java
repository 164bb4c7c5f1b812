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
    private final boolean replayable;

    private Request(MessageHeader header, Flux<ByteBuffer> body, Duration timeout, io.scamp.auth.Ticket verifiedTicket, boolean replayable) {
        this.header = header;
        this.body = body;
        this.timeout = timeout;
        this.verifiedTicket = verifiedTicket;
        this.replayable = replayable;
    }

    /**
     * A request for {@code action} (version 1, envelope json) with the given body.
     *
     * @param action the action name, e.g. {@code Greeter.hello}
     * @param body the body, sent as described at {@link Builder#body(Publisher)}
     * @return the request
     */
    public static Request of(String action, Publisher<ByteBuffer> body) {
        return builder(action).body(body).build();
    }

    /**
     * A request for {@code action} (version 1, envelope json) whose body is {@code value} as JSON.
     *
     * @param action the action name, e.g. {@code Greeter.hello}
     * @param value encoded with {@link ScampJson#mapper()} now, when this is called
     * @return the request
     * @throws ScampException if {@code value} cannot be encoded as JSON
     */
    public static Request json(String action, Object value) {
        return builder(action).json(value).build();
    }

    /**
     * A builder for a request for {@code action}: version 1, envelope json, empty body, the
     * client's default timeout.
     *
     * @param action the action name, e.g. {@code Greeter.hello}
     * @return a new builder
     * @throws NullPointerException if {@code action} is null
     */
    public static Builder builder(String action) {
        return new Builder(action);
    }

    /**
     * Wraps a received header and body (used by the service side).
     *
     * @param header the header as it arrived
     * @param body the body as it streams in
     * @return the request, with no timeout and no verified ticket; not {@link #isReplayable() replayable}
     */
    public static Request received(MessageHeader header, Flux<ByteBuffer> body) {
        return new Request(header, body, null, null, false);
    }

    /**
     * The header fields, as built or as received.
     *
     * @return the header
     */
    public MessageHeader header() {
        return header;
    }

    /**
     * The action name from the header.
     *
     * @return the action, e.g. {@code Greeter.hello}
     */
    public String action() {
        return header.action();
    }

    /**
     * The action version from the header.
     *
     * @return the version, 1 when the header had none
     */
    public int version() {
        return header.version();
    }

    /**
     * The envelope, {@code "json"} when the header had none.
     *
     * @return the envelope
     */
    public String envelope() {
        return header.envelope() == null ? "json" : header.envelope();
    }

    /**
     * The timeout this request asked for, or {@code null} for the client's default.
     *
     * @return the timeout, or {@code null}
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Whether the body can be sent again: every subscription to {@link #body()} emits the
     * whole body afresh. True for a body the builder made from bytes, buffers or JSON
     * ({@link Builder#body(byte[])}, {@link Builder#body(ByteBuffer...)}, {@link Builder#json},
     * {@link #json}, the default empty body) and for one declared so with
     * {@link Builder#body(Publisher, boolean)}; false for any other publisher, which cannot be
     * assumed to replay (a hot source, a stream read once). A routed request
     * ({@code ScampClient.request(Request)}) whose instance failed with a dispatch failure is
     * retried on another instance only when it is replayable or its body was never
     * subscribed to.
     *
     * @return whether the body may be sent more than once
     */
    public boolean isReplayable() {
        return replayable;
    }

    /**
     * The body, streamed; the buffers are the subscriber's to keep. A received buffer is a
     * heap buffer that may share its array with the next one (a DATA packet that fills much of
     * the window is handed over in two parts), so read it through its position, limit and
     * {@code arrayOffset()}, never as the whole {@code array()}.
     *
     * @return the body; a received body can be subscribed to once, and any later subscriber
     *     fails at once with {@link IllegalStateException}
     */
    public Flux<ByteBuffer> body() {
        return body;
    }

    /**
     * The whole body in one array, failing with {@link BodyTooLargeException} past {@code maxBytes}.
     *
     * @param maxBytes the most bytes to gather
     * @return the bytes, once the body has ended
     */
    public Mono<byte[]> bodyAsBytes(long maxBytes) {
        return Bodies.aggregate(body, maxBytes);
    }

    /**
     * The whole body decoded as JSON, capped at {@link Bodies#DEFAULT_MAX_AGGREGATE}.
     *
     * @param <T> the type to decode into
     * @param type the class to decode into
     * @return the decoded value; fails with {@link ScampException} if the body is not valid JSON
     *     for {@code type}
     */
    public <T> Mono<T> bodyAsJson(Class<T> type) {
        return Bodies.decodeJson(body, type, Bodies.DEFAULT_MAX_AGGREGATE);
    }

    /**
     * The whole body decoded as JSON, failing past {@code maxBytes}.
     *
     * @param <T> the type to decode into
     * @param type the class to decode into
     * @param maxBytes the most bytes to gather
     * @return the decoded value; fails with {@link ScampException} if the body is not valid JSON
     *     for {@code type}
     */
    public <T> Mono<T> bodyAsJson(Class<T> type, long maxBytes) {
        return Bodies.decodeJson(body, type, maxBytes);
    }

    /**
     * A copy with another body (the header is kept).
     *
     * @param newBody the body, sent as described at {@link Builder#body(Publisher)}
     * @return the copy, not {@link #isReplayable() replayable}
     */
    public Request withBody(Publisher<ByteBuffer> newBody) {
        return new Request(header, Flux.from(newBody), timeout, verifiedTicket, false);
    }

    /**
     * On the service side, the ticket the service verified for a protected action (user,
     * client, privileges); empty for {@code noauth} actions and services without authorization.
     *
     * @return the verified ticket, or empty
     */
    public java.util.Optional<io.scamp.auth.Ticket> verifiedTicket() {
        return java.util.Optional.ofNullable(verifiedTicket);
    }

    /**
     * A copy carrying the ticket the service verified.
     *
     * @param ticket the verified ticket, or {@code null} for none
     * @return the copy
     */
    public Request withVerifiedTicket(io.scamp.auth.Ticket ticket) {
        return new Request(header, body, timeout, ticket, replayable);
    }

    /**
     * A copy with another timeout.
     *
     * @param newTimeout the timeout, positive, as {@link Builder#timeout} takes it; or
     *     {@code null} for the client's default
     * @return the copy
     * @throws IllegalArgumentException if {@code newTimeout} is zero or negative
     */
    public Request withTimeout(Duration newTimeout) {
        return new Request(header, body, checkTimeout(newTimeout), verifiedTicket, replayable);
    }

    private static Duration checkTimeout(Duration timeout) {
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("a request timeout must be positive (there is no \"no limit\"), got " + timeout);
        }
        return timeout;
    }

    /**
     * A copy with another header (the body is kept).
     *
     * @param newHeader the header
     * @return the copy
     */
    public Request withHeader(MessageHeader newHeader) {
        return new Request(newHeader, body, timeout, verifiedTicket, replayable);
    }

    @Override
    public String toString() {
        return "Request{" + header + "}";
    }

    /** Builds an outgoing request. */
    public static final class Builder {
        private final MessageHeader.Builder header = MessageHeader.builder().type(MessageHeader.TYPE_REQUEST);
        private Flux<ByteBuffer> body = Flux.empty();
        private boolean replayable = true;
        private Duration timeout;

        private Builder(String action) {
            header.action(Objects.requireNonNull(action, "action")).version(1).envelope("json");
        }

        /**
         * Sets the action version (default 1).
         *
         * @param version the version
         * @return this builder
         */
        public Builder version(int version) {
            header.version(version);
            return this;
        }

        /**
         * Sets the envelope (default {@code "json"}).
         *
         * @param envelope the envelope, e.g. {@code "json"} or {@code "jsonstore"}
         * @return this builder
         */
        public Builder envelope(String envelope) {
            header.envelope(envelope);
            return this;
        }

        /**
         * Sets the sector the action is routed in; a routed client uses {@code main} when none is set.
         *
         * @param sector the sector
         * @return this builder
         */
        public Builder sector(String sector) {
            header.sector(sector);
            return this;
        }

        /**
         * Sets the authorization ticket (SCAMP.md §8), which protected actions require.
         *
         * @param ticket the ticket text
         * @return this builder
         */
        public Builder ticket(String ticket) {
            header.ticket(ticket);
            return this;
        }

        /**
         * Sets {@code identifying_token}, an opaque string passed to the service as is.
         *
         * @param token the token
         * @return this builder
         */
        public Builder identifyingToken(String token) {
            header.identifyingToken(token);
            return this;
        }

        /**
         * Sets {@code client_id} (default 0).
         *
         * @param clientId the client id
         * @return this builder
         */
        public Builder clientId(long clientId) {
            header.clientId(clientId);
            return this;
        }

        /**
         * Adds a header field this library does not model.
         *
         * @param name the field name
         * @param value the field value
         * @return this builder
         */
        public Builder headerField(String name, JsonNode value) {
            header.extra(name, value);
            return this;
        }

        /**
         * Overrides the client's default timeout for this request: how long the reply header
         * may take, counted from the subscription and covering the connection's set-up when
         * there is none yet. It must be positive: there is no "no limit" (take a long one).
         *
         * @param timeout how long to wait for the reply header, positive; {@code null} for the
         *     client's default again
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            this.timeout = checkTimeout(timeout);
            return this;
        }

        /**
         * Sets the body (default empty), streamed as DATA packets when the request is sent.
         *
         * <p>Nothing is read or copied here: {@code body} is subscribed to each time the request is
         * sent (every subscription to the client's {@code Mono}), and asked for one buffer at a
         * time, whether the connection's window has room or not (so a body that ends as the
         * window fills ends without waiting for an ACK). The bytes between a buffer's position and
         * limit are copied into packets as the window allows, from a {@code duplicate()}: the
         * buffer's position, limit, mark and contents are never changed, so sending the same
         * buffer again sends the same bytes. The connection holds a buffer until its last byte is
         * copied, and only then asks {@code body} for the next one (packets of 16 KiB or more are
         * not copied first but read by TLS from the buffer itself, by the end of the write that
         * sends them: the connection holds the buffer until then). So do not change a buffer's
         * contents after emitting it; a publisher that recycles buffers may reuse one once it has
         * been asked for another, or once it is cancelled (the request was abandoned or its
         * connection closed). Having signalled completion does not mean its last buffer has been
         * sent, and neither does a successful reply arriving: a service may reply before it has
         * read the whole request, and the rest of the body is still sent (an error reply ends it
         * with TXERR). Heap, direct and read-only buffers all work; empty ones are skipped. A
         * publisher error ends the request body with TXERR. A publisher that emits more buffers
         * than it was asked for (against Reactive Streams rule 1.1) is cancelled, the body ends
         * with TXERR, and the request fails at once with Reactor's overflow
         * {@link IllegalStateException} ({@code reactor.core.Exceptions.isOverflow}).
         *
         * <p>The request is not {@link Request#isReplayable() replayable}: a routed request is not
         * sent to another instance once this body was subscribed to. Use
         * {@link #body(Publisher, boolean)} for a publisher that emits the whole body to every
         * subscriber.
         *
         * @param body the body
         * @return this builder
         */
        public Builder body(Publisher<ByteBuffer> body) {
            return body(body, false);
        }

        /**
         * As {@link #body(Publisher)}, saying whether every subscription to {@code body} emits
         * the whole body afresh (as {@code Flux.defer} over a file, or {@code Flux.just} of
         * buffers, does): then the request is {@link Request#isReplayable() replayable}, and a
         * routed request may be sent again to another instance after a dispatch failure.
         *
         * @param body the body
         * @param replayable whether every subscription emits the whole body
         * @return this builder
         */
        public Builder body(Publisher<ByteBuffer> body, boolean replayable) {
            this.body = Flux.from(body);
            this.replayable = replayable;
            return this;
        }

        /**
         * Sets the body to {@code bytes}, not copied: the array is read when the request is sent (and
         * each time it is sent again), so do not modify it until the request is over. Each send reads
         * a fresh read-only view, so the same request can be sent more than once: it is
         * {@link Request#isReplayable() replayable}.
         *
         * @param bytes the body
         * @return this builder
         */
        public Builder body(byte[] bytes) {
            return body(Bodies.bytes(bytes), true);
        }

        /**
         * Sets the body to the bytes between each buffer's position and limit, in order, not
         * copied: each send reads them from {@code duplicate()}s, so the buffers' positions and
         * limits are never changed and the request is {@link Request#isReplayable() replayable}.
         * Do not change their contents or indices until the request is over.
         *
         * @param buffers the body, in order; empty ones are skipped
         * @return this builder
         * @throws NullPointerException if {@code buffers} or one of them is null
         */
        public Builder body(ByteBuffer... buffers) {
            ByteBuffer[] copy = buffers.clone();
            for (ByteBuffer b : copy) {
                Objects.requireNonNull(b, "buffer");
            }
            return body(Flux.fromArray(copy).map(ByteBuffer::duplicate), true);
        }

        /**
         * Sets the body to {@code value} encoded as JSON, now, with {@link ScampJson#mapper()}.
         * The request is {@link Request#isReplayable() replayable}.
         *
         * @param value the value to encode
         * @return this builder
         * @throws ScampException if {@code value} cannot be encoded as JSON
         */
        public Builder json(Object value) {
            return body(Bodies.json(value), true);
        }

        /**
         * Builds the request; the builder may be used again.
         *
         * @return the request
         */
        public Request build() {
            return new Request(header.build(), body, timeout, null, replayable);
        }
    }
}
