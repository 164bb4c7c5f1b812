package io.scamp.wire;

import static io.scamp.wire.WireTesting.EXAMPLE_REPLY;
import static io.scamp.wire.WireTesting.EXAMPLE_REQUEST;
import static io.scamp.wire.WireTesting.bytes;
import static io.scamp.wire.WireTesting.decode;
import static io.scamp.wire.WireTesting.decodeByteByByte;
import static io.scamp.wire.WireTesting.decodeSplit;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scamp.message.MessageHeader;
import io.scamp.wire.WireTesting.Decoded;
import io.scamp.wire.WireTesting.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding well-formed streams, however they are split into reads. */
class PacketDecoderTest {
    private static final String REQUEST_JSON = "{\"envelope\":\"json\",\"identifying_token\":\"\",\"request_id\":1,"
            + "\"type\":\"request\",\"client_id\":0,\"ticket\":\"\",\"version\":1,\"action\":\"api.status.health_check\"}";
    private static final String REPLY_JSON = "{\"envelope\":\"json\",\"request_id\":1,\"error_code\":null,\"error\":null,\"type\":\"reply\"}";
    private static final List<Decoded> REQUEST_PACKETS = List.of(
            new Decoded(PacketType.HEADER, 0, REQUEST_JSON),
            new Decoded(PacketType.DATA, 0, "{}"),
            new Decoded(PacketType.EOF, 0, ""));
    private static final List<Decoded> REPLY_PACKETS = List.of(
            new Decoded(PacketType.ACK, 0, "2"),
            new Decoded(PacketType.HEADER, 0, REPLY_JSON),
            new Decoded(PacketType.DATA, 0, "{\"status\":\"ok\"}"),
            new Decoded(PacketType.EOF, 0, ""));

    @Test
    void exampleExchangeInOneRead() {
        assertClean(decode(EXAMPLE_REQUEST), REQUEST_PACKETS);
        assertClean(decode(EXAMPLE_REPLY), REPLY_PACKETS);
    }

    @Test
    void exampleExchangeOneByteAtATime() {
        assertClean(decodeByteByByte(bytes(EXAMPLE_REQUEST)), REQUEST_PACKETS);
        assertClean(decodeByteByByte(bytes(EXAMPLE_REPLY)), REPLY_PACKETS);
    }

    @Test
    void exampleExchangeSplitAtEveryOffset() {
        byte[] request = bytes(EXAMPLE_REQUEST);
        for (int i = 0; i <= request.length; i++) {
            assertClean(decodeSplit(request, i), REQUEST_PACKETS);
        }
        byte[] reply = bytes(EXAMPLE_REPLY);
        for (int i = 0; i <= reply.length; i++) {
            assertClean(decodeSplit(reply, i), REPLY_PACKETS);
        }
    }

    @Test
    void exampleHeadersDecodeToTheListedValues() {
        ByteBuf json = ByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes(REQUEST_JSON));
        MessageHeader request;
        try {
            request = HeaderJson.decode(json);
            assertThat(json.readableBytes()).as("decode leaves the indices alone").isEqualTo(REQUEST_JSON.length());
        } finally {
            json.release();
        }
        assertThat(request.type()).isEqualTo("request");
        assertThat(request.action()).isEqualTo("api.status.health_check");
        assertThat(request.envelope()).isEqualTo("json");
        assertThat(request.version()).isEqualTo(1);
        assertThat(request.requestId()).isEqualTo(1);
        assertThat(request.clientId()).isZero();
        assertThat(request.ticket()).isEmpty();
        assertThat(request.identifyingToken()).isEmpty();
        assertThat(request.extras()).isEmpty();
    }

    @Test
    void everyPacketType() {
        String stream = "HEADER 1 2\r\n{}END\r\nDATA 1 3\r\nabcEND\r\nEOF 1 0\r\nEND\r\nTXERR 2 4\r\nfailEND\r\n"
                + "ACK 3 3\r\n100END\r\nPING 4 0\r\nEND\r\nPONG 4 0\r\nEND\r\nPING 5 2\r\nhiEND\r\n";
        assertClean(decode(stream), List.of(
                new Decoded(PacketType.HEADER, 1, "{}"),
                new Decoded(PacketType.DATA, 1, "abc"),
                new Decoded(PacketType.EOF, 1, ""),
                new Decoded(PacketType.TXERR, 2, "fail"),
                new Decoded(PacketType.ACK, 3, "100"),
                new Decoded(PacketType.PING, 4, ""),
                new Decoded(PacketType.PONG, 4, ""),
                new Decoded(PacketType.PING, 5, "hi")));
    }

    @Test
    void bodiesAreBinarySafe() {
        String body = "END\r\nDATA 0 0\r\n\0\u00ff\n\r";
        String stream = "DATA 9 " + body.length() + "\r\n" + body + "END\r\n";
        assertClean(decodeByteByByte(bytes(stream)), List.of(new Decoded(PacketType.DATA, 9, body)));
    }

    @Test
    void numbersAtTheirLimits() {
        String body = "x".repeat(PacketEncoder.MAX_BODY);
        assertClean(decode("DATA 999999999999999999 131072\r\n" + body + "END\r\n"),
                List.of(new Decoded(PacketType.DATA, 999_999_999_999_999_999L, body)));
        assertClean(decode("DATA 007 000002\r\nabEND\r\n"), List.of(new Decoded(PacketType.DATA, 7, "ab")));
        assertClean(decode("ACK 0 19\r\n9223372036854775807END\r\n"), List.of(new Decoded(PacketType.ACK, 0, "9223372036854775807")));
    }

    @Test
    void aFortyByteLineIsWithinTheLimitHoweverItIsSplit() {
        // 40 bytes of content: not a legal line (MSGNO too long), but not too long either.
        String line = "DATA " + "1".repeat(35);
        assertThat(line).hasSize(PacketDecoder.MAX_LINE);
        byte[] all = bytes(line + "\r\n");
        for (int i = 0; i <= all.length; i++) {
            assertThat(decodeSplit(all, i).error().violation()).as("split at %d", i)
                    .isEqualTo(io.scamp.message.ProtocolViolation.BAD_HEADER_LINE);
        }
    }

    @Test
    void partialPacketAtCloseEmitsNothing() {
        assertClean(decode("DATA 0 2\r\n{}END\r\nDATA 0 5\r\nab"), List.of(new Decoded(PacketType.DATA, 0, "{}")));
        assertClean(decode("DATA 0 2\r\n{}END\r\nDAT"), List.of(new Decoded(PacketType.DATA, 0, "{}")));
    }

    @Test
    void dataBodyIsItsOwnArrayOtherBodiesAreRetainedSlices() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        ByteBuf input = ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes("DATA 0 3\r\nabcEND\r\nACK 0 2\r\n17END\r\n"));
        ch.writeInbound(input);
        Packet data = ch.readInbound();
        Packet ack = ch.readInbound();
        try {
            assertThat(data.ownedArray()).isEqualTo(bytes("abc"));
            assertThat(data.body().readableBytes()).isEqualTo(3);
            assertThat(ack.ownedArray()).isNull();
            assertThat(ack.refCnt()).as("a packet counts its body's references").isEqualTo(ack.body().refCnt()).isPositive();
            assertThat(input.refCnt()).as("the slice keeps the input alive").isPositive();
            assertThat(ack.ackValue()).isEqualTo(17);
            assertThat(ack.toString()).isEqualTo("ACK 0 2");
        } finally {
            data.release();
            ack.release();
        }
        assertThat(ack.refCnt()).isZero();
        assertThat(input.refCnt()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aDataBodyArrivingByteByByteComesOutWhole() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        byte[] packet = bytes("DATA 4 10\r\n0123456789END\r\n");
        for (byte b : packet) {
            ch.writeInbound(ByteBufAllocator.DEFAULT.buffer(1).writeByte(b));
        }
        Packet data = ch.readInbound();
        try {
            assertThat(data.msgNo()).isEqualTo(4);
            assertThat(data.ownedArray()).isEqualTo(bytes("0123456789"));
        } finally {
            data.release();
        }
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    static void assertClean(Result result, List<Decoded> expected) {
        assertThat(result.error()).isNull();
        assertThat(result.packets()).containsExactlyElementsOf(expected);
    }
}
