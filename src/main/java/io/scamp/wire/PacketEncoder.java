package io.scamp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.scamp.message.MessageHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds whole beepish packets (SCAMP.md §2): header line, body and {@code END\r\n} trailer.
 *
 * <p>Every method returns one freshly allocated {@link ByteBuf} holding the complete packet,
 * so a writer can hand it to the channel as is, without composite buffers. Ownership: the
 * returned buffer belongs to the caller (normally passed on to {@code write}, which releases
 * it). No method takes ownership of its arguments. Arguments that would produce a packet a
 * conforming decoder rejects raise {@link IllegalArgumentException} before anything is
 * allocated (except an over-long HEADER, detected after encoding; that buffer is released).
 */
public final class PacketEncoder {
    /** Largest body a packet may carry (scamp-js rule); senders split longer bodies. */
    public static final int MAX_BODY = 131072;
    /** Largest message number a decoder accepts: 18 decimal digits. */
    public static final long MAX_MSGNO = 999_999_999_999_999_999L;

    private static final byte[] TRAILER = {'E', 'N', 'D', '\r', '\n'};
    /** Room reserved in front of HEADER JSON for the longest possible line. */
    private static final int LINE_RESERVE = lineLength(PacketType.HEADER, MAX_MSGNO, MAX_BODY);
    private static final byte[] DEFAULT_TXERR = "error".getBytes(StandardCharsets.US_ASCII);
    /** Room for the longest line (plus, for bodiless packets, the trailer and, for ACK, its digits). */
    private static final int LINE_SCRATCH = 64;
    private static final FastThreadLocal<byte[]> LINE = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[LINE_SCRATCH];
        }
    };

    private PacketEncoder() {
    }

    /** A HEADER packet whose body is {@code header} as JSON ({@link HeaderJson#encode}). Returned buffer: caller's. */
    public static ByteBuf header(ByteBufAllocator alloc, long msgNo, MessageHeader header) {
        checkMsgNo(msgNo);
        Objects.requireNonNull(header, "header");
        ByteBuf buf = alloc.buffer(LINE_RESERVE + 256);
        try {
            buf.writerIndex(LINE_RESERVE);
            HeaderJson.encode(header, buf);
            int len = buf.writerIndex() - LINE_RESERVE;
            if (len > MAX_BODY) {
                throw new IllegalArgumentException("header JSON is " + len + " bytes, more than " + MAX_BODY);
            }
            buf.writeBytes(TRAILER);
            int end = buf.writerIndex();
            int lineStart = LINE_RESERVE - lineLength(PacketType.HEADER, msgNo, len);
            byte[] line = LINE.get();
            buf.setBytes(lineStart, line, 0, writeLine(line, PacketType.HEADER, msgNo, len));
            buf.writerIndex(end).readerIndex(lineStart);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /**
     * A DATA packet with {@code length} bytes copied from {@code src} starting at its position.
     * {@code src} is only read: its position, limit and mark are unchanged (the caller advances
     * it). Returned buffer: caller's.
     */
    public static ByteBuf data(ByteBufAllocator alloc, long msgNo, ByteBuffer src, int length) {
        checkMsgNo(msgNo);
        if (length < 0 || length > MAX_BODY) {
            throw new IllegalArgumentException("DATA length " + length + " is outside 0.." + MAX_BODY);
        }
        if (length > src.remaining()) {
            throw new IllegalArgumentException("DATA length " + length + " exceeds the " + src.remaining() + " bytes remaining in src");
        }
        ByteBuf buf = start(alloc, PacketType.DATA, msgNo, length);
        buf.writeBytes(src.slice(src.position(), length));
        return buf.writeBytes(TRAILER);
    }

    /** An EOF packet (empty body): the message ended successfully. Returned buffer: caller's. */
    public static ByteBuf eof(ByteBufAllocator alloc, long msgNo) {
        return empty(alloc, PacketType.EOF, msgNo);
    }

    /**
     * A TXERR packet carrying {@code text} in UTF-8. A null or empty text, or {@code "0"}, becomes
     * {@code "error"}, and text longer than {@link #MAX_BODY} bytes is cut at a character
     * boundary, so the packet is always legal. Returned buffer: caller's.
     */
    public static ByteBuf txerr(ByteBufAllocator alloc, long msgNo, String text) {
        checkMsgNo(msgNo);
        if (text == null || text.isEmpty() || text.equals("0")) {
            return start(alloc, PacketType.TXERR, msgNo, DEFAULT_TXERR.length).writeBytes(DEFAULT_TXERR).writeBytes(TRAILER);
        }
        int len = ByteBufUtil.utf8Bytes(text);
        if (len > MAX_BODY) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            len = MAX_BODY;
            while ((bytes[len] & 0xC0) == 0x80) { // do not split a multi-byte character
                len--;
            }
            return start(alloc, PacketType.TXERR, msgNo, len).writeBytes(bytes, 0, len).writeBytes(TRAILER);
        }
        ByteBuf buf = start(alloc, PacketType.TXERR, msgNo, len);
        ByteBufUtil.reserveAndWriteUtf8(buf, text, len);
        return buf.writeBytes(TRAILER);
    }

    /** An ACK packet: {@code consumed} (at least 1) bytes of message {@code msgNo} were consumed in total. Returned buffer: caller's. */
    public static ByteBuf ack(ByteBufAllocator alloc, long msgNo, long consumed) {
        checkMsgNo(msgNo);
        if (consumed < 1) {
            throw new IllegalArgumentException("ACK count must be at least 1, got " + consumed);
        }
        byte[] line = LINE.get();
        int n = writeLine(line, PacketType.ACK, msgNo, Ascii.digits(consumed));
        n = Ascii.putDecimal(line, n, consumed);
        return alloc.buffer(n + TRAILER.length).writeBytes(line, 0, n).writeBytes(TRAILER);
    }

    /** A PING packet (empty body). Returned buffer: caller's. */
    public static ByteBuf ping(ByteBufAllocator alloc, long msgNo) {
        return empty(alloc, PacketType.PING, msgNo);
    }

    /** A PONG packet (empty body), the answer to {@code PING msgNo}. Returned buffer: caller's. */
    public static ByteBuf pong(ByteBufAllocator alloc, long msgNo) {
        return empty(alloc, PacketType.PONG, msgNo);
    }

    private static ByteBuf empty(ByteBufAllocator alloc, PacketType type, long msgNo) {
        checkMsgNo(msgNo);
        byte[] line = LINE.get();
        int n = writeLine(line, type, msgNo, 0);
        System.arraycopy(TRAILER, 0, line, n, TRAILER.length);
        n += TRAILER.length;
        return alloc.buffer(n).writeBytes(line, 0, n);
    }

    /** Allocates a buffer sized for the whole packet and writes its line. */
    private static ByteBuf start(ByteBufAllocator alloc, PacketType type, long msgNo, int bodyLength) {
        byte[] line = LINE.get();
        int n = writeLine(line, type, msgNo, bodyLength);
        return alloc.buffer(n + bodyLength + TRAILER.length).writeBytes(line, 0, n);
    }

    /**
     * Writes the header line into {@code out} (at least {@link #LINE_SCRATCH} bytes) from index 0;
     * returns its length. Built in an array and copied once: per-byte {@code ByteBuf} writes each
     * pay an accessibility check.
     */
    private static int writeLine(byte[] out, PacketType type, long msgNo, int bodyLength) {
        byte[] name = type.wireName();
        System.arraycopy(name, 0, out, 0, name.length);
        int n = name.length;
        out[n++] = ' ';
        n = Ascii.putDecimal(out, n, msgNo);
        out[n++] = ' ';
        n = Ascii.putDecimal(out, n, bodyLength);
        out[n++] = '\r';
        out[n++] = '\n';
        return n;
    }

    private static int lineLength(PacketType type, long msgNo, int bodyLength) {
        return type.wireName().length + 1 + Ascii.digits(msgNo) + 1 + Ascii.digits(bodyLength) + 2;
    }

    private static void checkMsgNo(long msgNo) {
        if (msgNo < 0 || msgNo > MAX_MSGNO) {
            throw new IllegalArgumentException("message number " + msgNo + " is outside 0.." + MAX_MSGNO);
        }
    }
}
