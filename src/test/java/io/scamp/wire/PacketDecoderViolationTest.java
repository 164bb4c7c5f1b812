package io.scamp.wire;

import static io.scamp.wire.WireTesting.bytes;
import static io.scamp.wire.WireTesting.decode;
import static io.scamp.wire.WireTesting.decodeByteByByte;
import static io.scamp.wire.WireTesting.decodeSplit;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.wire.WireTesting.Decoded;
import io.scamp.wire.WireTesting.Result;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every framing violation is reported with its {@link ProtocolViolation}, however the bytes are split, and ends decoding. */
class PacketDecoderViolationTest {
    private static final String GOOD = "DATA 0 2\r\n{}END\r\n";
    private static final String AFTER = "EOF 0 0\r\nEND\r\nDATA 1 1\r\nxEND\r\n";

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("DATA 0 2\n{}END\r\n", ProtocolViolation.BARE_LF),
                Arguments.of("\n", ProtocolViolation.BARE_LF),
                Arguments.of("DATA 0 2\r\r\n{}END\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("D".repeat(41) + "\r\n", ProtocolViolation.HEADER_LINE_TOO_LONG),
                Arguments.of("D".repeat(41) + "\n", ProtocolViolation.HEADER_LINE_TOO_LONG),
                Arguments.of("D".repeat(40) + "\r\r\n", ProtocolViolation.HEADER_LINE_TOO_LONG),
                Arguments.of("D".repeat(200), ProtocolViolation.HEADER_LINE_TOO_LONG),
                Arguments.of("FOO 0 0\r\nEND\r\n", ProtocolViolation.UNKNOWN_TYPE),
                Arguments.of("data 0 0\r\nEND\r\n", ProtocolViolation.UNKNOWN_TYPE),
                Arguments.of("DATAX 0 0\r\nEND\r\n", ProtocolViolation.UNKNOWN_TYPE),
                Arguments.of("\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of(" DATA 0 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA  0 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 0  0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 0 0 \r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 0 0 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA\t0 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA +0 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA -1 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 0 +2\r\n{}END\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 0 -2\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 0x1 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 1e3 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA \u0661 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 1234567890123456789 0\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 0 0000000000000000000\r\n", ProtocolViolation.BAD_HEADER_LINE),
                Arguments.of("DATA 0 131073\r\n", ProtocolViolation.BODY_TOO_LONG),
                Arguments.of("DATA 0 999999999999999999\r\n", ProtocolViolation.BODY_TOO_LONG),
                Arguments.of("DATA 0 2\r\n{}END\n\r", ProtocolViolation.BAD_TRAILER),
                Arguments.of("DATA 0 2\r\n{}end\r\n", ProtocolViolation.BAD_TRAILER),
                Arguments.of("DATA 0 2\r\n{}}END\r\n", ProtocolViolation.BAD_TRAILER),
                Arguments.of("DATA 0 3\r\n{}END\r\n", ProtocolViolation.BAD_TRAILER),
                Arguments.of("EOF 0 1\r\nxEND\r\n", ProtocolViolation.NON_EMPTY_EOF),
                Arguments.of("TXERR 0 0\r\nEND\r\n", ProtocolViolation.BAD_TXERR),
                Arguments.of("TXERR 0 1\r\n0END\r\n", ProtocolViolation.BAD_TXERR),
                Arguments.of("ACK 0 0\r\nEND\r\n", ProtocolViolation.BAD_ACK),
                Arguments.of("ACK 0 1\r\n0END\r\n", ProtocolViolation.BAD_ACK),
                Arguments.of("ACK 0 2\r\n01END\r\n", ProtocolViolation.BAD_ACK),
                Arguments.of("ACK 0 2\r\n-1END\r\n", ProtocolViolation.BAD_ACK),
                Arguments.of("ACK 0 2\r\n+1END\r\n", ProtocolViolation.BAD_ACK),
                Arguments.of("ACK 0 3\r\n1 2END\r\n", ProtocolViolation.BAD_ACK),
                Arguments.of("ACK 0 3\r\n1.5END\r\n", ProtocolViolation.BAD_ACK),
                Arguments.of("ACK 0 19\r\n9223372036854775808END\r\n", ProtocolViolation.BAD_ACK),
                Arguments.of("ACK 0 20\r\n10000000000000000000END\r\n", ProtocolViolation.BAD_ACK));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("violations")
    void reportedAfterTheGoodPacketsAndThenSilent(String bad, ProtocolViolation expected) {
        Result whole = decode(GOOD + bad + AFTER);
        assertThat(whole.error()).as("error").isNotNull();
        assertThat(whole.error().violation()).isEqualTo(expected);
        assertThat(whole.error().getMessage()).startsWith(expected + ": ").hasSizeGreaterThan(expected.name().length() + 10);
        assertThat(whole.packets()).containsExactly(new Decoded(PacketType.DATA, 0, "{}"));

        Result later = decode(GOOD + bad, AFTER);
        assertThat(later.error().violation()).isEqualTo(expected);
        assertThat(later.packets()).containsExactly(new Decoded(PacketType.DATA, 0, "{}"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("violations")
    void sameOutcomeForEverySplit(String bad, ProtocolViolation expected) {
        byte[] all = bytes(GOOD + bad + AFTER);
        Result reference = decode(GOOD + bad + AFTER);
        assertSame(decodeByteByByte(all), reference, "byte by byte");
        for (int i = 0; i <= all.length; i++) {
            assertSame(decodeSplit(all, i), reference, "split at " + i);
        }
    }

    @Test
    void tooLongIsDetectedWithoutWaitingForALineEnd() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        ch.writeInbound(ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes("X".repeat(40))));
        assertThat((Object) ch.readInbound()).isNull();
        ProtocolException e = unwrap(() -> ch.writeInbound(ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes("X"))));
        assertThat(e.violation()).isEqualTo(ProtocolViolation.HEADER_LINE_TOO_LONG);
        ch.writeInbound(ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes(GOOD)));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void fortyBytesAndACrMayStillEndTheLine() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        ch.writeInbound(ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes("X".repeat(40) + "\r")));
        assertThat((Object) ch.readInbound()).isNull();
        ProtocolException e = unwrap(() -> ch.writeInbound(ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes("\n"))));
        assertThat(e.violation()).as("the line is malformed, but not too long").isEqualTo(ProtocolViolation.BAD_HEADER_LINE);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void failedDecoderDiscardsWhatItHoldsAndEverythingAfter() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        ProtocolException e = unwrap(() -> ch.writeInbound(ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes("BOGUS 0 0\r\n" + GOOD))));
        assertThat(e.violation()).isEqualTo(ProtocolViolation.UNKNOWN_TYPE);
        for (String s : List.of(GOOD, AFTER, "\n", "PING 0 0\r\nEND\r\n")) {
            ch.writeInbound(ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes(s)));
            ch.checkException();
            assertThat((Object) ch.readInbound()).isNull();
        }
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    private static void assertSame(Result actual, Result reference, String how) {
        assertThat(actual.packets()).as(how).isEqualTo(reference.packets());
        assertThat(actual.error()).as(how).isNotNull();
        assertThat(actual.error().violation()).as(how).isEqualTo(reference.error().violation());
        assertThat(actual.error().getMessage()).as(how).isEqualTo(reference.error().getMessage());
    }

    private static ProtocolException unwrap(Runnable r) {
        try {
            r.run();
        } catch (DecoderException e) {
            assertThat(e.getCause()).isInstanceOf(ProtocolException.class);
            return (ProtocolException) e.getCause();
        }
        throw new AssertionError("no DecoderException");
    }
}
