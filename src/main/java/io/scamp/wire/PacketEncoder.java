package io.scamp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.scamp.message.MessageHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes beepish packets (SCAMP.md §2): {@code TYPE SP MSGNO SP LENGTH CRLF body END CRLF}.
 *
 * <p>Every method returns one freshly allocated buffer holding the whole packet; the caller
 * owns it (normally it is handed straight to {@code ctx.write}, which releases it).
 */
public final class PacketEncoder {
    /** The largest body a packet may carry: 128 KiB. */
    public static final int MAX_BODY = 131072;

    private static final byte[] TRAILER = {'E', 'N', 'D', '\r', '\n'};
    /** Room for "HEADER " + 19 digits + " " + 6 digits + CRLF. */
    private static final int MAX_LINE = 40;

    private PacketEncoder() {
    }

    /** A HEADER packet carrying {@code header} as JSON. */
    public static ByteBuf header(ByteBufAllocator alloc, long msgNo, MessageHeader header) {
        ByteBuf json = alloc.buffer(256);
        try {
            HeaderJson.encode(header, json);
            if (json.readableBytes() > MAX_BODY) {
                throw new IllegalArgumentException("header JSON of " + json.readableBytes() + " bytes exceeds " + MAX_BODY);
            }
            ByteBuf out = start(alloc, PacketType.HEADER, msgNo, json.readableBytes());
            out.writeBytes(json);
            return out.writeBytes(TRAILER);
        } finally {
            json.release();
        }
    }

    /**
     * A DATA packet with {@code length} bytes copied from {@code src} at its position; does not
     * move the position (the caller advances it).
     */
    public static ByteBuf data(ByteBufAllocator alloc, long msgNo, ByteBuffer src, int length) {
        if (length < 0 || length > MAX_BODY || length > src.remaining()) {
            throw new IllegalArgumentException("bad DATA length " + length + " (remaining " + src.remaining() + ")");
        }
        ByteBuf out = start(alloc, PacketType.DATA, msgNo, length);
        ByteBuffer slice = src.duplicate();
        slice.limit(slice.position() + length);
        out.writeBytes(slice);
        return out.writeBytes(TRAILER);
    }

    /** EOF: the message ended normally. */
    public static ByteBuf eof(ByteBufAllocator alloc, long msgNo) {
        return empty(alloc, PacketType.EOF, msgNo);
    }

    /** TXERR: the sender gave up on the message; {@code text} says why (never empty nor {@code 0} on the wire). */
    public static ByteBuf txerr(ByteBufAllocator alloc, long msgNo, String text) {
        String body = text == null || text.isEmpty() || text.equals("0") ? "error" : text;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, MAX_BODY);
        ByteBuf out = start(alloc, PacketType.TXERR, msgNo, length);
        out.writeBytes(bytes, 0, length);
        return out.writeBytes(TRAILER);
    }

    /** ACK: the receiver has consumed {@code consumed} bytes of the message so far (cumulative, at least 1). */
    public static ByteBuf ack(ByteBufAllocator alloc, long msgNo, long consumed) {
        if (consumed < 1) {
            throw new IllegalArgumentException("ACK must be positive: " + consumed);
        }
        String body = Long.toString(consumed);
        ByteBuf out = start(alloc, PacketType.ACK, msgNo, body.length());
        out.writeCharSequence(body, StandardCharsets.US_ASCII);
        return out.writeBytes(TRAILER);
    }

    public static ByteBuf ping(ByteBufAllocator alloc, long msgNo) {
        return empty(alloc, PacketType.PING, msgNo);
    }

    public static ByteBuf pong(ByteBufAllocator alloc, long msgNo) {
        return empty(alloc, PacketType.PONG, msgNo);
    }

    private static ByteBuf empty(ByteBufAllocator alloc, PacketType type, long msgNo) {
        return start(alloc, type, msgNo, 0).writeBytes(TRAILER);
    }

    private static ByteBuf start(ByteBufAllocator alloc, PacketType type, long msgNo, int length) {
        if (msgNo < 0) {
            throw new IllegalArgumentException("negative message number " + msgNo);
        }
        ByteBuf out = alloc.buffer(MAX_LINE + length + TRAILER.length);
        out.writeBytes(type.wireName()).writeByte(' ');
        ByteBufUtil.writeAscii(out, Long.toString(msgNo));
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, Integer.toString(length));
        return out.writeByte('\r').writeByte('\n');
    }
}
