package io.scamp.testing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Generated bodies and their checksums, so large bodies never sit in the test's heap. */
public final class TestBodies {
    private TestBodies() {
    }

    /** {@code total} bytes where byte i is {@code i mod 251}, in chunks of {@code chunk}, generated on demand. */
    public static Flux<ByteBuffer> pattern(long total, int chunk) {
        return pattern(total, chunk, new AtomicLong());
    }

    /** As {@link #pattern(long, int)}, adding every produced byte count to {@code produced}. */
    public static Flux<ByteBuffer> pattern(long total, int chunk, AtomicLong produced) {
        return Flux.generate(() -> 0L, (offset, sink) -> {
            if (offset >= total) {
                sink.complete();
                return offset;
            }
            int n = (int) Math.min(chunk, total - offset);
            produced.addAndGet(n);
            sink.next(ByteBuffer.wrap(patternBytes(offset, n)));
            return offset + n;
        });
    }

    /** Bytes {@code offset} to {@code offset + n - 1} of the pattern (byte i is {@code i mod 251}). */
    public static byte[] patternBytes(long offset, int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) ((offset + i) % 251);
        }
        return bytes;
    }

    /**
     * Checks a body that arrives in pieces against the pattern, byte for byte, in order; for
     * scripted peers that read raw DATA packets. Not thread-safe.
     */
    public static final class PatternCheck {
        private long offset;

        /**
         * The next piece of the body.
         *
         * @throws AssertionError at the first byte that differs from the pattern
         */
        public void accept(byte[] piece) {
            for (int i = 0; i < piece.length; i++) {
                if (piece[i] != (byte) ((offset + i) % 251)) {
                    throw new AssertionError("byte " + (offset + i) + " differs from the pattern");
                }
            }
            offset += piece.length;
        }

        /** The bytes checked so far. */
        public long bytes() {
            return offset;
        }
    }

    /** Counts the bytes of {@code body} and checks each against the pattern; emits the count. */
    public static Mono<Long> verifyPattern(Flux<ByteBuffer> body) {
        return body.reduce(0L, (offset, buf) -> {
            int n = buf.remaining();
            for (int i = 0; i < n; i++) {
                byte expected = (byte) ((offset + i) % 251);
                if (buf.get(buf.position() + i) != expected) {
                    throw new AssertionError("byte " + (offset + i) + " differs from the pattern");
                }
            }
            return offset + n;
        });
    }

    /** SHA-256 hex of a streamed body. */
    public static Mono<String> sha256(Flux<ByteBuffer> body) {
        return body.reduce(newDigest(), (md, buf) -> {
            md.update(buf);
            return md;
        }).map(md -> HexFormat.of().formatHex(md.digest()));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
