package io.scamp.cli;

import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.service.ScampServiceBuilder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The actions {@code scamp serve} offers: {@code Scamp.echo} (the request body streamed back
 * as it arrives), {@code Scamp.sink} (consumes the body, replies its size and SHA-256) and
 * {@code Scamp.source} (replies N pattern bytes, produced only as fast as they are consumed);
 * {@code scamp serve} adds {@code Scamp.publish} ({@link #publish}).
 */
public final class BuiltinActions {
    /** Chunk size of {@code Scamp.source}. */
    static final int SOURCE_CHUNK = 64 * 1024;
    private static final int PATTERN_PERIOD = 251;
    /** {@code i mod 251} for i up to one chunk past any start offset, shared read-only. */
    private static final ByteBuffer PATTERN = pattern(SOURCE_CHUNK + PATTERN_PERIOD);

    private BuiltinActions() {
    }

    public static ScampServiceBuilder register(ScampServiceBuilder builder) {
        return builder
                .action("Scamp.echo", 1, BuiltinActions::echo)
                .action("Scamp.sink", 1, BuiltinActions::sink)
                .action("Scamp.source", 1, BuiltinActions::source);
    }

    /**
     * {@code Scamp.publish}: {@code {"code":C,"key":K,"value":V}} publishes V under C/K on the
     * running service (SCAMP.md §10; a {@code null} value deletes), so a subscriber can be
     * watched from the command line; replies {@code {"changed":true|false}}.
     */
    static Mono<Reply> publish(Request request, java.util.function.Supplier<io.scamp.service.RunningService> running) {
        return request.bodyAsJson(com.fasterxml.jackson.databind.JsonNode.class, 1024 * 1024).map(args -> {
            com.fasterxml.jackson.databind.JsonNode code = args.get("code");
            com.fasterxml.jackson.databind.JsonNode key = args.get("key");
            if (code == null || !code.isTextual() || key == null || !key.isTextual() || !args.has("value")) {
                throw new io.scamp.message.RemoteActionException("bad_request",
                        "Scamp.publish takes {\"code\": string, \"key\": string, \"value\": JSON}", null);
            }
            try {
                boolean changed = running.get().publish(code.textValue(), key.textValue(), args.get("value"));
                return Reply.json(Map.of("changed", changed));
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new io.scamp.message.RemoteActionException("bad_request", e.getMessage(), null);
            }
        });
    }

    static Mono<Reply> echo(Request request) {
        return Mono.just(Reply.of(request.body()));
    }

    static Mono<Reply> sink(Request request) {
        return request.body()
                .reduce(new Digest(), Digest::add)
                .map(d -> Reply.json(Map.of("bytes", d.bytes, "sha256", d.hex())));
    }

    static Mono<Reply> source(Request request) {
        return request.bodyAsJson(Map.class, 64 * 1024).map(args -> {
            Object n = args.get("bytes");
            if (!(n instanceof Number) || ((Number) n).longValue() < 0) {
                throw new io.scamp.message.RemoteActionException("bad_request", "Scamp.source takes {\"bytes\": N} with N >= 0", null);
            }
            return Reply.of(pattern(((Number) n).longValue()));
        });
    }

    /** {@code total} bytes where byte i is {@code i mod 251}, generated chunk by chunk on demand. */
    static Flux<ByteBuffer> pattern(long total) {
        return Flux.generate(() -> 0L, (offset, sink) -> {
            if (offset >= total) {
                sink.complete();
                return offset;
            }
            int n = (int) Math.min(SOURCE_CHUNK, total - offset);
            int start = (int) (offset % PATTERN_PERIOD);
            ByteBuffer chunk = PATTERN.duplicate();
            chunk.position(start).limit(start + n);
            sink.next(chunk);
            return offset + n;
        });
    }

    private static ByteBuffer pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % PATTERN_PERIOD);
        }
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** Running size and SHA-256 of a streamed body. */
    private static final class Digest {
        private final MessageDigest sha256;
        private long bytes;

        Digest() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        Digest add(ByteBuffer buffer) {
            bytes += buffer.remaining();
            sha256.update(buffer);
            return this;
        }

        String hex() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
