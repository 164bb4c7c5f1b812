package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.scamp.message.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test support: drives a {@link PacketDecoder} in an {@link EmbeddedChannel} and releases everything it emits. */
final class WireTesting {
    /** The request of SCAMP.md §2, client to server. */
    static final String EXAMPLE_REQUEST = "HEADER 0 147\r\n{\"envelope\":\"json\",\"identifying_token\":\"\",\"request_id\":1,"
            + "\"type\":\"request\",\"client_id\":0,\"ticket\":\"\",\"version\":1,\"action\":\"api.status.health_check\"}END\r\n"
            + "DATA 0 2\r\n{}END\r\n"
            + "EOF 0 0\r\nEND\r\n";
    /** The reply of SCAMP.md §2, server to client. */
    static final String EXAMPLE_REPLY = "ACK 0 1\r\n2END\r\n"
            + "HEADER 0 80\r\n{\"envelope\":\"json\",\"request_id\":1,\"error_code\":null,\"error\":null,\"type\":\"reply\"}END\r\n"
            + "DATA 0 15\r\n{\"status\":\"ok\"}END\r\n"
            + "EOF 0 0\r\nEND\r\n";

    private WireTesting() {
    }

    /** A decoded packet copied out of its buffer; the body as ISO-8859-1 text, so one char per byte. */
    record Decoded(PacketType type, long msgNo, String body) {
    }

    /** What a decoder produced from a sequence of reads. */
    record Result(List<Decoded> packets, ProtocolException error) {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads the whole buffer as text and releases it. */
    static String textAndRelease(ByteBuf buf) {
        try {
            return text(buf);
        } finally {
            buf.release();
        }
    }

    /** Feeds each chunk as one read, then closes the channel. At most one error is expected. */
    static Result decode(List<byte[]> chunks) {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketDecoder());
        List<Decoded> packets = new ArrayList<>();
        ProtocolException error = null;
        for (byte[] chunk : chunks) {
            ByteBuf in = ByteBufAllocator.DEFAULT.buffer(chunk.length).writeBytes(chunk);
            try {
                ch.writeInbound(in);
            } catch (DecoderException e) {
                assertThat(error).as("a second error after the decoder failed").isNull();
                assertThat(e.getCause()).isInstanceOf(ProtocolException.class);
                error = (ProtocolException) e.getCause();
            }
            drain(ch, packets);
        }
        ch.finishAndReleaseAll();
        return new Result(packets, error);
    }

    static Result decode(byte[]... chunks) {
        return decode(List.of(chunks));
    }

    static Result decode(String... chunks) {
        List<byte[]> list = new ArrayList<>();
        for (String c : chunks) {
            list.add(bytes(c));
        }
        return decode(list);
    }

    /** The bytes fed one at a time. */
    static Result decodeByteByByte(byte[] all) {
        List<byte[]> list = new ArrayList<>();
        for (byte b : all) {
            list.add(new byte[] {b});
        }
        return decode(list);
    }

    /** The bytes fed as two reads split at {@code offset}. */
    static Result decodeSplit(byte[] all, int offset) {
        byte[] a = new byte[offset];
        byte[] b = new byte[all.length - offset];
        System.arraycopy(all, 0, a, 0, offset);
        System.arraycopy(all, offset, b, 0, b.length);
        return decode(a, b);
    }

    private static void drain(EmbeddedChannel ch, List<Decoded> packets) {
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            assertThat(msg).isInstanceOf(Packet.class);
            Packet p = (Packet) msg;
            try {
                packets.add(new Decoded(p.type(), p.msgNo(), text(p.body())));
            } finally {
                p.release();
            }
        }
    }
}
