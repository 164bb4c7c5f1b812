package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.scamp.message.MessageHeader;
import io.scamp.wire.WireTesting.Decoded;
import io.scamp.wire.WireTesting.Result;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Random packets encoded, concatenated, cut into random reads and decoded back. */
class PacketRoundTripTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    @RepeatedTest(20)
    void randomPacketsSurviveRandomChunking(RepetitionInfo info) {
        long seed = 0x5CA3_0000L + info.getCurrentRepetition();
        Random rnd = new Random(seed);
        List<Decoded> expected = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int count = 1 + rnd.nextInt(40);
        for (int i = 0; i < count; i++) {
            long msgNo = rnd.nextBoolean() ? rnd.nextInt(10) : (rnd.nextLong() & Long.MAX_VALUE) % (PacketEncoder.MAX_MSGNO + 1);
            ByteBuf packet = randomPacket(rnd, msgNo, expected);
            try {
                byte[] b = new byte[packet.readableBytes()];
                packet.readBytes(b);
                stream.writeBytes(b);
            } finally {
                packet.release();
            }
        }
        byte[] all = stream.toByteArray();
        List<byte[]> chunks = new ArrayList<>();
        for (int pos = 0; pos < all.length; ) {
            int n = Math.min(all.length - pos, rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(8) : 1 + rnd.nextInt(200_000));
            byte[] chunk = new byte[n];
            System.arraycopy(all, pos, chunk, 0, n);
            chunks.add(chunk);
            pos += n;
        }
        Result result = WireTesting.decode(chunks);
        assertThat(result.error()).as("seed %d", seed).isNull();
        assertThat(result.packets()).as("seed %d", seed).containsExactlyElementsOf(expected);
        for (Decoded d : result.packets()) {
            if (d.type() == PacketType.HEADER) {
                assertThat(decodeHeader(d.body())).as("seed %d", seed).isNotNull();
            }
        }
    }

    private static ByteBuf randomPacket(Random rnd, long msgNo, List<Decoded> expected) {
        switch (rnd.nextInt(7)) {
            case 0: {
                MessageHeader h = MessageHeader.builder().type(rnd.nextBoolean() ? "request" : "reply")
                        .action("Ns.act" + rnd.nextInt(1000)).requestId(rnd.nextInt(1 << 20)).envelope("json").build();
                ByteBuf buf = PacketEncoder.header(ALLOC, msgNo, h);
                String line = "HEADER " + msgNo + " ";
                String text = buf.toString(StandardCharsets.ISO_8859_1);
                String json = text.substring(text.indexOf("\r\n") + 2, text.length() - 5);
                assertThat(text).startsWith(line + json.length() + "\r\n");
                assertThat(decodeHeader(json)).isEqualTo(h);
                expected.add(new Decoded(PacketType.HEADER, msgNo, json));
                return buf;
            }
            case 1: {
                int size = rnd.nextInt(3) == 0 ? PacketEncoder.MAX_BODY - rnd.nextInt(2) : rnd.nextInt(PacketEncoder.MAX_BODY + 1);
                byte[] body = new byte[size + 10];
                rnd.nextBytes(body);
                ByteBuffer src = ByteBuffer.wrap(body);
                src.position(5);
                expected.add(new Decoded(PacketType.DATA, msgNo, new String(body, 5, size, StandardCharsets.ISO_8859_1)));
                return PacketEncoder.data(ALLOC, msgNo, src, size);
            }
            case 2:
                expected.add(new Decoded(PacketType.EOF, msgNo, ""));
                return PacketEncoder.eof(ALLOC, msgNo);
            case 3: {
                String text = "failed: " + rnd.nextInt();
                expected.add(new Decoded(PacketType.TXERR, msgNo, text));
                return PacketEncoder.txerr(ALLOC, msgNo, text);
            }
            case 4: {
                long consumed = 1 + (rnd.nextLong() & (Long.MAX_VALUE - 1)) % Long.MAX_VALUE;
                expected.add(new Decoded(PacketType.ACK, msgNo, Long.toString(consumed)));
                return PacketEncoder.ack(ALLOC, msgNo, consumed);
            }
            case 5:
                expected.add(new Decoded(PacketType.PING, msgNo, ""));
                return PacketEncoder.ping(ALLOC, msgNo);
            default:
                expected.add(new Decoded(PacketType.PONG, msgNo, ""));
                return PacketEncoder.pong(ALLOC, msgNo);
        }
    }

    private static MessageHeader decodeHeader(String json) {
        ByteBuf buf = ALLOC.buffer().writeBytes(json.getBytes(StandardCharsets.ISO_8859_1));
        try {
            return HeaderJson.decode(buf);
        } finally {
            buf.release();
        }
    }
}
