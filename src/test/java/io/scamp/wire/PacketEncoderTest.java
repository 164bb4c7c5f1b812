package io.scamp.wire;

import static io.scamp.wire.WireTesting.textAndRelease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.scamp.message.MessageHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden bytes for every packet type the encoder writes. */
class PacketEncoderTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    @Test
    void dataCopiesWithoutMovingTheSource() {
        ByteBuffer src = ByteBuffer.wrap("xx{}yy".getBytes(StandardCharsets.US_ASCII));
        src.position(2);
        assertThat(textAndRelease(PacketEncoder.data(ALLOC, 0, src, 2))).isEqualTo("DATA 0 2\r\n{}END\r\n");
        assertThat(src.position()).isEqualTo(2);
        assertThat(src.limit()).isEqualTo(6);
    }

    @Test
    void dataFromADirectBuffer() {
        ByteBuffer src = ByteBuffer.allocateDirect(16).put("{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII)).flip();
        assertThat(textAndRelease(PacketEncoder.data(ALLOC, 12, src, 15))).isEqualTo("DATA 12 15\r\n{\"status\":\"ok\"}END\r\n");
        assertThat(src.position()).isZero();
    }

    @Test
    void emptyData() {
        assertThat(textAndRelease(PacketEncoder.data(ALLOC, 7, ByteBuffer.allocate(0), 0))).isEqualTo("DATA 7 0\r\nEND\r\n");
    }

    @Test
    void dataOfTheLargestSize() {
        ByteBuf buf = PacketEncoder.data(ALLOC, 1, ByteBuffer.allocate(PacketEncoder.MAX_BODY), PacketEncoder.MAX_BODY);
        try {
            assertThat(buf.readableBytes()).isEqualTo("DATA 1 131072\r\n".length() + 131072 + 5);
            assertThat(buf.toString(0, 15, StandardCharsets.US_ASCII)).isEqualTo("DATA 1 131072\r\n");
        } finally {
            buf.release();
        }
    }

    @Test
    void dataRejectsOversizeAndShortSources() {
        ByteBuffer big = ByteBuffer.allocate(PacketEncoder.MAX_BODY + 1);
        assertThatThrownBy(() -> PacketEncoder.data(ALLOC, 0, big, PacketEncoder.MAX_BODY + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketEncoder.data(ALLOC, 0, ByteBuffer.allocate(3), 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketEncoder.data(ALLOC, 0, ByteBuffer.allocate(3), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eofPingPong() {
        assertThat(textAndRelease(PacketEncoder.eof(ALLOC, 0))).isEqualTo("EOF 0 0\r\nEND\r\n");
        assertThat(textAndRelease(PacketEncoder.ping(ALLOC, 3))).isEqualTo("PING 3 0\r\nEND\r\n");
        assertThat(textAndRelease(PacketEncoder.pong(ALLOC, 3))).isEqualTo("PONG 3 0\r\nEND\r\n");
    }

    @Test
    void ack() {
        assertThat(textAndRelease(PacketEncoder.ack(ALLOC, 0, 2))).isEqualTo("ACK 0 1\r\n2END\r\n");
        assertThat(textAndRelease(PacketEncoder.ack(ALLOC, 0, 17))).isEqualTo("ACK 0 2\r\n17END\r\n");
        assertThat(textAndRelease(PacketEncoder.ack(ALLOC, 5, Long.MAX_VALUE))).isEqualTo("ACK 5 19\r\n9223372036854775807END\r\n");
        assertThatThrownBy(() -> PacketEncoder.ack(ALLOC, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketEncoder.ack(ALLOC, 0, -5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void txerrIsAlwaysLegal() {
        assertThat(textAndRelease(PacketEncoder.txerr(ALLOC, 5, "boom"))).isEqualTo("TXERR 5 4\r\nboomEND\r\n");
        assertThat(textAndRelease(PacketEncoder.txerr(ALLOC, 5, null))).isEqualTo("TXERR 5 5\r\nerrorEND\r\n");
        assertThat(textAndRelease(PacketEncoder.txerr(ALLOC, 5, ""))).isEqualTo("TXERR 5 5\r\nerrorEND\r\n");
        assertThat(textAndRelease(PacketEncoder.txerr(ALLOC, 5, "0"))).isEqualTo("TXERR 5 5\r\nerrorEND\r\n");
        assertThat(textAndRelease(PacketEncoder.txerr(ALLOC, 5, "00"))).isEqualTo("TXERR 5 2\r\n00END\r\n");
    }

    @Test
    void txerrIsUtf8() {
        ByteBuf buf = PacketEncoder.txerr(ALLOC, 1, "é€");
        try {
            assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo("TXERR 1 5\r\né€END\r\n");
        } finally {
            buf.release();
        }
        // An unpaired surrogate becomes one '?' byte; the declared length must still match.
        ByteBuf lone = PacketEncoder.txerr(ALLOC, 1, "a\uD800b");
        assertThat(textAndRelease(lone)).isEqualTo("TXERR 1 3\r\na?bEND\r\n");
    }

    @Test
    void txerrTooLongIsCutAtACharacterBoundary() {
        String text = "x" + "€".repeat(PacketEncoder.MAX_BODY / 3 + 10); // 1 + 3n bytes, past the limit
        ByteBuf buf = PacketEncoder.txerr(ALLOC, 2, text);
        try {
            int expected = 1 + 3 * ((PacketEncoder.MAX_BODY - 1) / 3);
            String line = "TXERR 2 " + expected + "\r\n";
            assertThat(buf.toString(0, line.length(), StandardCharsets.US_ASCII)).isEqualTo(line);
            assertThat(buf.readableBytes()).isEqualTo(line.length() + expected + 5);
            String body = buf.toString(line.length(), expected, StandardCharsets.UTF_8);
            assertThat(body).doesNotContain("\uFFFD").startsWith("x€€");
        } finally {
            buf.release();
        }
    }

    @Test
    void replyHeaderLikeScampJs() {
        MessageHeader reply = MessageHeader.builder().type("reply").requestId(1).build();
        assertThat(textAndRelease(PacketEncoder.header(ALLOC, 0, reply)))
                .isEqualTo("HEADER 0 31\r\n{\"type\":\"reply\",\"request_id\":1}END\r\n");
    }

    @Test
    void requestHeaderGolden() {
        MessageHeader request = MessageHeader.builder().type("request").action("Bench.echo").sector("main")
                .envelope("json").requestId(1).build();
        String json = "{\"type\":\"request\",\"action\":\"Bench.echo\",\"sector\":\"main\",\"version\":1,"
                + "\"envelope\":\"json\",\"request_id\":1,\"client_id\":0}";
        assertThat(textAndRelease(PacketEncoder.header(ALLOC, 42, request)))
                .isEqualTo("HEADER 42 " + json.length() + "\r\n" + json + "END\r\n");
    }

    @Test
    void headerLineLengthsAtTheExtremes() {
        MessageHeader reply = MessageHeader.builder().type("reply").requestId(1).build();
        assertThat(textAndRelease(PacketEncoder.header(ALLOC, PacketEncoder.MAX_MSGNO, reply)))
                .isEqualTo("HEADER 999999999999999999 31\r\n{\"type\":\"reply\",\"request_id\":1}END\r\n");
    }

    @Test
    void headerTooLargeIsRejected() {
        MessageHeader huge = MessageHeader.builder().type("reply").error("e".repeat(PacketEncoder.MAX_BODY)).build();
        assertThatThrownBy(() -> PacketEncoder.header(ALLOC, 0, huge)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messageNumbersMustFitEighteenDigits() {
        assertThatThrownBy(() -> PacketEncoder.eof(ALLOC, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketEncoder.ping(ALLOC, PacketEncoder.MAX_MSGNO + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketEncoder.header(ALLOC, -1, MessageHeader.builder().build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(textAndRelease(PacketEncoder.eof(ALLOC, PacketEncoder.MAX_MSGNO))).isEqualTo("EOF 999999999999999999 0\r\nEND\r\n");
    }
}
