package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.testing.Fuzzing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link PacketDecoder} with arbitrary bytes cut into reads at arbitrary points. The
 * decoder's contract: the only failure is a {@link DecoderException} whose cause is a
 * {@link ProtocolException}, at most one per channel; every packet and buffer is released once
 * the packets are; the outcome (packets and violation) does not depend on how the bytes are
 * split; what it allocates is bounded by the input plus one body.
 */
class PacketDecoderFuzzTest {
    /** Inputs up to this long are also fed one byte per read. */
    private static final int BYTE_BY_BYTE = 512;

    static Stream<Arguments> interopCaptures() {
        return Fuzzing.seeds(List.of(Fuzzing.fixture("js-echo-client-to-server.bin"),
                Fuzzing.fixture("js-echo-server-to-client.bin")));
    }

    @MethodSource("interopCaptures")
    @FuzzTest
    @Timeout(10)
    void decode(byte[] input) {
        Outcome whole = Fuzzing.allocatingAtMost(8L * 1024 * 1024 + 2048L * input.length + PacketEncoder.MAX_BODY,
                "decoding " + input.length + " bytes in one read", () -> decode(input, List.of(input)));

        // Split points drawn from the input itself, so that a finding replays exactly.
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(input));
        assertThat(decode(input, split(input, random))).as("decoded in random reads").isEqualTo(whole);
        if (input.length <= BYTE_BY_BYTE) {
            List<byte[]> bytes = new ArrayList<>();
            for (byte b : input) {
                bytes.add(new byte[] {b});
            }
            assertThat(decode(input, bytes)).as("decoded byte by byte").isEqualTo(whole);
        }
    }

    /** What one channel made of the reads: the packets, then the violation that stopped it, if any. */
    record Outcome(List<String> packets, ProtocolViolation violation) {
    }

    private static List<byte[]> split(byte[] input, SplittableRandom random) {
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        while (at < input.length) {
            int n = Math.min(input.length - at, random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(64));
            chunks.add(Arrays.copyOfRange(input, at, at + n));
            at += n;
        }
        return chunks;
    }

    private static Outcome decode(byte[] input, List<byte[]> chunks) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(new PacketDecoder());
        List<String> packets = new ArrayList<>();
        ProtocolViolation violation = null;
        try {
            for (byte[] chunk : chunks) {
                ByteBuf in = alloc.heapBuffer(chunk.length).writeBytes(chunk);
                try {
                    ch.writeInbound(in);
                } catch (DecoderException e) {
                    violation = violation(e, violation);
                }
                drain(ch, packets);
            }
        } finally {
            try {
                ch.finishAndReleaseAll();
            } catch (DecoderException e) {
                violation = violation(e, violation);
            }
        }
        alloc.assertAllReleased(input.length);
        return new Outcome(packets, violation);
    }

    private static ProtocolViolation violation(DecoderException e, ProtocolViolation before) {
        if (!(e.getCause() instanceof ProtocolException)) {
            throw e; // not the decoder's typed failure: a finding
        }
        assertThat(before).as("a second error after the decoder failed").isNull();
        return ((ProtocolException) e.getCause()).violation();
    }

    private static void drain(EmbeddedChannel ch, List<String> packets) {
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            assertThat(msg).isInstanceOf(Packet.class);
            Packet p = (Packet) msg;
            try {
                assertThat(p.length()).isBetween(0, PacketEncoder.MAX_BODY);
                packets.add(p.type() + " " + p.msgNo() + " " + WireTesting.text(p.body()));
            } finally {
                p.release();
            }
        }
    }

    /**
     * Unpooled buffers, each remembered so that none can stay unreleased unnoticed (the leak
     * detector still wraps them, at the level the build sets).
     */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> buffers = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            buffers.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
            buffers.add(b);
            return b;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        void assertAllReleased(int inputLength) {
            for (ByteBuf b : buffers) {
                assertThat(b.refCnt()).as("reference count of a buffer after decoding %d bytes", inputLength).isZero();
            }
        }
    }
}
