package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.scamp.message.MessageHeader;
import io.scamp.wire.WireTesting.Decoded;
import io.scamp.wire.WireTesting.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decrypted bytes of a real scamp-js Bench.echo call, read in place from the shared fixtures. */
class InteropCaptureTest {
    private static final Path FIXTURES = Path.of("../shared/fixtures/interop");
    private static final String ECHO = "{\"hello\":\"world\"}";

    @Test
    void clientToServer() throws IOException {
        byte[] all = Files.readAllBytes(FIXTURES.resolve("js-echo-client-to-server.bin"));
        Result r = decodeEveryWay(all);
        assertThat(r.packets()).extracting(Decoded::type)
                .containsExactly(PacketType.HEADER, PacketType.DATA, PacketType.EOF, PacketType.ACK);
        assertThat(r.packets()).extracting(Decoded::msgNo).containsOnly(0L);

        MessageHeader request = header(r.packets().get(0));
        assertThat(request.isRequest()).isTrue();
        assertThat(request.sector()).isEqualTo("main");
        assertThat(request.action()).isEqualTo("Bench.echo");
        assertThat(request.envelope()).isEqualTo("json");
        assertThat(request.version()).isEqualTo(1);
        assertThat(request.requestId()).isEqualTo(1);
        assertThat(request.ticket()).isNull();
        assertThat(request.extras()).isEmpty();

        assertThat(r.packets().get(1).body()).isEqualTo(ECHO).hasSize(17);
        assertThat(r.packets().get(3).body()).isEqualTo("17");
    }

    @Test
    void serverToClient() throws IOException {
        byte[] all = Files.readAllBytes(FIXTURES.resolve("js-echo-server-to-client.bin"));
        Result r = decodeEveryWay(all);
        assertThat(r.packets()).extracting(Decoded::type)
                .containsExactly(PacketType.ACK, PacketType.HEADER, PacketType.DATA, PacketType.EOF);
        assertThat(r.packets()).extracting(Decoded::msgNo).containsOnly(0L);

        assertThat(r.packets().get(0).body()).isEqualTo("17");
        assertThat(r.packets().get(1).body()).isEqualTo("{\"type\":\"reply\",\"request_id\":1}");
        assertThat(header(r.packets().get(1)))
                .isEqualTo(MessageHeader.builder().type(MessageHeader.TYPE_REPLY).requestId(1).build());
        assertThat(r.packets().get(2).body()).isEqualTo(ECHO).hasSize(17);
    }

    @Test
    void reEncodingTheCapturedPacketsGivesTheSameBytes() throws IOException {
        for (String file : List.of("js-echo-client-to-server.bin", "js-echo-server-to-client.bin")) {
            byte[] all = Files.readAllBytes(FIXTURES.resolve(file));
            StringBuilder again = new StringBuilder();
            for (Decoded d : WireTesting.decode(all).packets()) {
                ByteBuf buf = switch (d.type()) {
                    case DATA -> PacketEncoder.data(ByteBufAllocator.DEFAULT, d.msgNo(),
                            java.nio.ByteBuffer.wrap(WireTesting.bytes(d.body())), d.body().length());
                    case EOF -> PacketEncoder.eof(ByteBufAllocator.DEFAULT, d.msgNo());
                    case ACK -> PacketEncoder.ack(ByteBufAllocator.DEFAULT, d.msgNo(), Long.parseLong(d.body()));
                    case HEADER -> PacketEncoder.header(ByteBufAllocator.DEFAULT, d.msgNo(), header(d));
                    default -> throw new AssertionError(d);
                };
                again.append(WireTesting.textAndRelease(buf));
            }
            String original = new String(all, StandardCharsets.ISO_8859_1);
            if (file.endsWith("server-to-client.bin")) {
                // scamp-js's reply header is exactly what this library writes for a reply.
                assertThat(again.toString()).isEqualTo(original);
            } else {
                // The request differs only in field order and the client_id this library always sends.
                assertThat(WireTesting.decode(again.toString()).packets()).hasSize(4);
            }
        }
    }

    /** Decodes whole, byte by byte and split everywhere; all must agree and be clean. */
    private static Result decodeEveryWay(byte[] all) {
        Result whole = WireTesting.decode(all);
        assertThat(whole.error()).isNull();
        assertThat(whole.packets()).hasSize(4);
        assertThat(WireTesting.decodeByteByByte(all)).isEqualTo(whole);
        for (int i = 0; i <= all.length; i++) {
            assertThat(WireTesting.decodeSplit(all, i)).as("split at %d", i).isEqualTo(whole);
        }
        return whole;
    }

    private static MessageHeader header(Decoded d) {
        assertThat(d.type()).isEqualTo(PacketType.HEADER);
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer().writeBytes(WireTesting.bytes(d.body()));
        try {
            return HeaderJson.decode(buf);
        } finally {
            buf.release();
        }
    }
}
