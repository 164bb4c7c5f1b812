package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden bytes, splits at every offset, and every framing violation of SCAMP.md §2. */
class PacketCodecTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    /** The request and reply of SCAMP.md §2, byte for byte. */
    static final String SPEC_REQUEST = "HEADER 0 147\r\n{\"envelope\":\"json\",\"identifying_token\":\"\",\"request_id\":1,\"type\":\"request\",\"client_id\":0,\"ticket\":\"\",\"version\":1,\"action\":\"api.status.health_check\"}END\r\n"
            + "DATA 0 2\r\n{}END\r\n"
            + "EOF 0 0\r\nEND\r\n";
    static final String SPEC_REPLY = "ACK 0 1\r\n2END\r\n"
            + "HEADER 0 80\r\n{\"envelope\":\"json\",\"request_id\":1,\"error_code\":null,\"error\":null,\"type\":\"reply\"}END\r\n"
            + "DATA 0 15\r\n{\"status\":\"ok\"}END\r\n"
            + "EOF 0 0\r\nEND\r\n";

    @Test
    void encoderWritesGoldenBytesForEveryPacketType() {
        assertThat(text(PacketEncoder.data(ALLOC, 0, ByteBuffer.wrap("{}".getBytes(StandardCharsets.US_ASCII)), 2))).isEqualTo("DATA 0 2\r\n{}END\r\n");
        assertThat(text(PacketEncoder.eof(ALLOC, 0))).isEqualTo("EOF 0 0\r\nEND\r\n");
        assertThat(text(PacketEncoder.ack(ALLOC, 0, 2))).isEqualTo("ACK 0 1\r\n2END\r\n");
        assertThat(text(PacketEncoder.ack(ALLOC, 12, 131072))).isEqualTo("ACK 12 6\r\n131072END\r\n");
        assertThat(text(PacketEncoder.txerr(ALLOC, 3, "broken"))).isEqualTo("TXERR 3 6\r\nbrokenEND\r\n");
        assertThat(text(PacketEncoder.txerr(ALLOC, 3, "0"))).isEqualTo("TXERR 3 5\r\nerrorEND\r\n");
        assertThat(text(PacketEncoder.txerr(ALLOC, 3, ""))).isEqualTo("TXERR 3 5\r\nerrorEND\r\n");
        assertThat(text(PacketEncoder.ping(ALLOC, 9))).isEqualTo("PING 9 0\r\nEND\r\n");
        assertThat(text(PacketEncoder.pong(ALLOC, 9))).isEqualTo("PONG 9 0\r\nEND\r\n");
        MessageHeader reply = MessageHeader.builder().type("reply").requestId(1).build();
        assertThat(text(PacketEncoder.header(ALLOC, 4, reply))).isEqualTo("HEADER 4 31\r\n{\"type\":\"reply\",\"request_id\":1}END\r\n");
    }

    @Test
    void dataCopiesWithoutMovingTheSourcePosition() {
        ByteBuffer src = ByteBuffer.wrap("abcdef".getBytes(StandardCharsets.US_ASCII));
        src.position(2);

        assertThat(text(PacketEncoder.data(ALLOC, 1, src, 3))).isEqualTo("DATA 1 3\r\ncdeEND\r\n");
        assertThat(src.position()).isEqualTo(2);
        assertThatThrownBy(() -> PacketEncoder.data(ALLOC, 1, ByteBuffer.allocate(200_000), 131073)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void specExchangeDecodesToItsPackets() {
        List<String> request = decodeAll(SPEC_REQUEST.getBytes(StandardCharsets.ISO_8859_1), 1 << 20);
        List<String> reply = decodeAll(SPEC_REPLY.getBytes(StandardCharsets.ISO_8859_1), 1 << 20);

        assertThat(request).hasSize(3);
        assertThat(request.get(0)).startsWith("HEADER 0 {\"envelope\"");
        assertThat(request.subList(1, 3)).containsExactly("DATA 0 {}", "EOF 0 ");
        assertThat(reply).containsExactly("ACK 0 2",
                "HEADER 0 {\"envelope\":\"json\",\"request_id\":1,\"error_code\":null,\"error\":null,\"type\":\"reply\"}",
                "DATA 0 {\"status\":\"ok\"}", "EOF 0 ");
    }

    @Test
    void specRequestHeaderHasTheListedValues() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        ch.writeInbound(Unpooled.copiedBuffer(SPEC_REQUEST, StandardCharsets.ISO_8859_1));
        Packet header = ch.readInbound();
        try {
            MessageHeader h = HeaderJson.decode(header.body());
            assertThat(h.isRequest()).isTrue();
            assertThat(h.action()).isEqualTo("api.status.health_check");
            assertThat(h.envelope()).isEqualTo("json");
            assertThat(h.requestId()).isEqualTo(1);
            assertThat(h.clientId()).isZero();
            assertThat(h.version()).isEqualTo(1);
            assertThat(h.ticket()).isEmpty();
            assertThat(h.identifyingToken()).isEmpty();
        } finally {
            header.release();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void splitAtEveryOffsetDecodesTheSame() {
        byte[] all = (SPEC_REQUEST + SPEC_REPLY).getBytes(StandardCharsets.ISO_8859_1);
        List<String> whole = decodeAll(all, all.length);
        for (int split = 1; split < all.length; split++) {
            EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(all, 0, split));
            ch.writeInbound(Unpooled.wrappedBuffer(all, split, all.length - split));
            assertThat(drain(ch)).as("split at %d", split).isEqualTo(whole);
        }
        assertThat(decodeAll(all, 1)).as("one byte at a time").isEqualTo(whole);
        assertThat(whole).hasSize(7);
    }

    @Test
    void randomPacketsRoundTripThroughTheDecoder() {
        Random random = new Random(42);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] body = new byte[i == 0 ? PacketEncoder.MAX_BODY : random.nextInt(i % 5 == 0 ? PacketEncoder.MAX_BODY + 1 : 300)];
            random.nextBytes(body);
            bodies.add(body);
            ByteBuf packet = PacketEncoder.data(ALLOC, i, ByteBuffer.wrap(body), body.length);
            byte[] bytes = new byte[packet.readableBytes()];
            packet.readBytes(bytes);
            packet.release();
            stream.writeBytes(bytes);
        }
        byte[] all = stream.toByteArray();
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        for (int offset = 0; offset < all.length; ) {
            int n = Math.min(all.length - offset, 1 + random.nextInt(70_000));
            ch.writeInbound(Unpooled.wrappedBuffer(all, offset, n));
            offset += n;
        }
        for (int i = 0; i < bodies.size(); i++) {
            Packet p = ch.readInbound();
            try {
                assertThat(p.type()).isEqualTo(PacketType.DATA);
                assertThat(p.msgNo()).isEqualTo(i);
                byte[] got = new byte[p.body().readableBytes()];
                p.body().getBytes(p.body().readerIndex(), got);
                assertThat(got).isEqualTo(bodies.get(i));
            } finally {
                p.release();
            }
        }
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void jsEchoCapturesDecodeIntoTheirFourPacketsEachWay() throws IOException {
        List<Packet> request = decodePackets(Files.readAllBytes(Path.of("../shared/fixtures/interop/js-echo-client-to-server.bin")));
        List<Packet> reply = decodePackets(Files.readAllBytes(Path.of("../shared/fixtures/interop/js-echo-server-to-client.bin")));
        try {
            assertThat(request).extracting(Packet::type).containsExactly(PacketType.HEADER, PacketType.DATA, PacketType.EOF, PacketType.ACK);
            assertThat(reply).extracting(Packet::type).containsExactly(PacketType.ACK, PacketType.HEADER, PacketType.DATA, PacketType.EOF);

            MessageHeader requestHeader = HeaderJson.decode(request.get(0).body());
            assertThat(requestHeader.sector()).isEqualTo("main");
            assertThat(requestHeader.ticket()).isNull();
            assertThat(requestHeader.action()).isEqualTo("Bench.echo");
            assertThat(requestHeader.requestId()).isEqualTo(1);

            MessageHeader replyHeader = HeaderJson.decode(reply.get(1).body());
            assertThat(replyHeader).isEqualTo(MessageHeader.builder().type("reply").requestId(1).build());
            assertThat(replyHeader.isError()).isFalse();

            // each side ACKs the 17-byte DATA it received
            assertThat(request.get(1).body().readableBytes()).isEqualTo(17);
            assertThat(reply.get(0).body().toString(StandardCharsets.US_ASCII)).isEqualTo("17");
            assertThat(reply.get(2).body().readableBytes()).isEqualTo(17);
            assertThat(request.get(3).body().toString(StandardCharsets.US_ASCII)).isEqualTo("17");
        } finally {
            request.forEach(Packet::release);
            reply.forEach(Packet::release);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bare LF                     | DATA 0 2\\n{}END\\r\\n                           | BARE_LF",
        "line without end            | DATA 0 2222222222222222222222222222222222222222 | HEADER_LINE_TOO_LONG",
        "line over 40 bytes          | DATA 00000000000000000 0000000000000000000000002\\r\\n | HEADER_LINE_TOO_LONG",
        "length over 131072          | DATA 0 131073\\r\\n                              | BODY_TOO_LONG",
        "wrong trailer               | DATA 0 2\\r\\n{}EDN\\r\\n                         | BAD_TRAILER",
        "missing trailer             | DATA 0 2\\r\\n{}DATA 0 2\\r\\n                    | BAD_TRAILER",
        "unknown type                | NOPE 0 0\\r\\nEND\\r\\n                            | UNKNOWN_TYPE",
        "lowercase type              | data 0 0\\r\\nEND\\r\\n                            | UNKNOWN_TYPE",
        "signed number               | DATA +0 0\\r\\nEND\\r\\n                           | BAD_HEADER_LINE",
        "negative length             | DATA 0 -1\\r\\nEND\\r\\n                           | BAD_HEADER_LINE",
        "missing field               | DATA 0\\r\\nEND\\r\\n                              | BAD_HEADER_LINE",
        "extra field                 | DATA 0 0 0\\r\\nEND\\r\\n                          | BAD_HEADER_LINE",
        "double space                | DATA  0 0\\r\\nEND\\r\\n                           | BAD_HEADER_LINE",
        "non-empty EOF               | EOF 0 1\\r\\nxEND\\r\\n                            | NON_EMPTY_EOF",
        "empty TXERR                 | TXERR 0 0\\r\\nEND\\r\\n                           | BAD_TXERR",
        "TXERR of 0                  | TXERR 0 1\\r\\n0END\\r\\n                          | BAD_TXERR",
        "ACK of 0                    | ACK 0 1\\r\\n0END\\r\\n                            | BAD_ACK",
        "ACK with leading zero       | ACK 0 2\\r\\n07END\\r\\n                           | BAD_ACK",
        "ACK not a number            | ACK 0 2\\r\\n1xEND\\r\\n                           | BAD_ACK",
        "empty ACK                   | ACK 0 0\\r\\nEND\\r\\n                             | BAD_ACK",
    })
    void framingViolationsAreNamedAndStopTheDecoder(String name, String raw, ProtocolViolation expected) {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        byte[] bytes = raw.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(bytes)))
                .isInstanceOf(DecoderException.class)
                .cause().isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.violation()).isEqualTo(expected));

        ch.writeInbound(Unpooled.copiedBuffer("DATA 0 2\r\n{}END\r\n", StandardCharsets.US_ASCII));
        assertThat((Object) ch.readInbound()).as("nothing decoded after a violation").isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void fortyByteLineIsAcceptedAndLongerIsNot() {
        String forty = "DATA 00000000000000000 00000000000000002"; // 40 bytes
        assertThat(forty).hasSize(40);
        assertThat(decodeAll((forty + "\r\n{}END\r\n").getBytes(StandardCharsets.US_ASCII), 1)).containsExactly("DATA 0 {}");
    }

    @Test
    void emptyDataAndPingBodiesAreLegal() {
        assertThat(decodeAll("DATA 3 0\r\nEND\r\nPING 1 0\r\nEND\r\nPONG 1 0\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII), 2))
                .containsExactly("DATA 3 ", "PING 1 ", "PONG 1 ");
    }

    @Test
    void bodiesAreBinarySafe() {
        byte[] body = new byte[256];
        for (int i = 0; i < 256; i++) {
            body[i] = (byte) i;
        }
        ByteBuf packet = PacketEncoder.data(ALLOC, 0, ByteBuffer.wrap(body), 256);
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        ch.writeInbound(packet);
        Packet p = ch.readInbound();
        byte[] got = new byte[256];
        p.body().getBytes(p.body().readerIndex(), got);
        p.release();
        assertThat(got).isEqualTo(body);
        ch.finishAndReleaseAll();
    }

    private static List<String> decodeAll(byte[] bytes, int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        for (int i = 0; i < bytes.length; i += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        return drain(ch);
    }

    private static List<Packet> decodePackets(byte[] bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        List<Packet> out = new ArrayList<>();
        Packet p;
        while ((p = ch.readInbound()) != null) {
            out.add(p);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    private static List<String> drain(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        Packet p;
        while ((p = ch.readInbound()) != null) {
            out.add(io.scamp.testing.ScriptedPeer.text(p));
        }
        ch.finishAndReleaseAll();
        return out;
    }

    private static String text(ByteBuf buf) {
        try {
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }
}
