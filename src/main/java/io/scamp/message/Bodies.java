package io.scamp.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Helpers that turn a streamed body into memory or JSON and back. Aggregation is always
 * capped: past the cap the result fails with {@link BodyTooLargeException} and the body's
 * subscription is cancelled (the connection then drains the rest of that message).
 */
public final class Bodies {
    /** The cap used when the caller gives none: 16 MiB. */
    public static final long DEFAULT_MAX_AGGREGATE = 16L * 1024 * 1024;

    private Bodies() {
    }

    /**
     * Collects the whole body into one array, failing past {@code maxBytes}. Each buffer is read
     * from its position to its limit without moving either.
     *
     * @param body the body
     * @param maxBytes the most bytes to gather
     * @return the bytes, once the body has ended; fails with {@link BodyTooLargeException} past
     *     the cap
     */
    public static Mono<byte[]> aggregate(Publisher<ByteBuffer> body, long maxBytes) {
        return Flux.from(body)
                .collect(() -> new Accumulator(maxBytes), Accumulator::add)
                .map(Accumulator::toArray);
    }

    /**
     * Decodes the whole body as JSON into {@code type}, failing past {@code maxBytes}.
     *
     * @param <T> the type to decode into
     * @param body the body
     * @param type the Jackson type to decode into, for generic types
     * @param maxBytes the most bytes to gather
     * @return the decoded value; fails with {@link BodyTooLargeException} past the cap and with
     *     {@link ScampException} if the body is not valid JSON for {@code type}
     */
    public static <T> Mono<T> decodeJson(Publisher<ByteBuffer> body, JavaType type, long maxBytes) {
        return aggregate(body, maxBytes).handle((bytes, sink) -> {
            try {
                T value = ScampJson.mapper().readValue(bytes, type);
                sink.next(value);
            } catch (IOException e) {
                sink.error(new ScampException("body is not valid JSON for " + type + ": " + e.getMessage(), e));
            }
        });
    }

    /**
     * Decodes the whole body as JSON into {@code type}, failing past {@code maxBytes}.
     *
     * @param <T> the type to decode into
     * @param body the body
     * @param type the class to decode into
     * @param maxBytes the most bytes to gather
     * @return the decoded value; fails with {@link BodyTooLargeException} past the cap and with
     *     {@link ScampException} if the body is not valid JSON for {@code type}
     */
    public static <T> Mono<T> decodeJson(Publisher<ByteBuffer> body, Class<T> type, long maxBytes) {
        return decodeJson(body, ScampJson.mapper().constructType(type), maxBytes);
    }

    /**
     * Encodes {@code value} as a one-buffer JSON body, now.
     *
     * @param value the value to encode
     * @return the body, which can be subscribed to any number of times
     * @throws ScampException if {@code value} cannot be encoded as JSON
     */
    public static Flux<ByteBuffer> json(Object value) {
        try {
            return bytes(ScampJson.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new ScampException("cannot encode " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A body of the given bytes (not copied; do not modify the array afterwards). Every
     * subscriber gets its own read-only view of the array, so the body can be sent more than
     * once.
     *
     * @param bytes the body
     * @return the body; empty for an empty array
     */
    public static Flux<ByteBuffer> bytes(byte[] bytes) {
        return bytes.length == 0 ? Flux.empty() : Flux.just(ByteBuffer.wrap(bytes)).map(ByteBuffer::asReadOnlyBuffer);
    }

    private static final class Accumulator {
        private final long max;
        private byte[] buf = new byte[256];
        private int size;

        Accumulator(long max) {
            this.max = max;
        }

        void add(ByteBuffer b) {
            int n = b.remaining();
            if (size + (long) n > max) {
                throw new BodyTooLargeException(max);
            }
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size + (long) n, buf.length * 2L)));
            }
            b.duplicate().get(buf, size, n);
            size += n;
        }

        byte[] toArray() {
            return size == buf.length ? buf : Arrays.copyOf(buf, size);
        }
    }
}
