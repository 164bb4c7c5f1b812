package io.scamp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import io.scamp.message.MessageHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Builds whole beepish packets (SCAMP.md §2): header line, body and {@code END\r\n} trailer.
 *
 * <p>Each {@code write*} method appends one packet to the buffer its {@code target} function
 * gives for the packet's exact size, so a writer can collect several packets in one buffer
 * (one write, one TLS record). The other methods return one freshly allocated {@link ByteBuf}
 * holding the complete packet. Ownership: a returned buffer belongs to the caller (normally
 * passed on to {@code write}, which releases it). No method takes ownership of its arguments.
 * Arguments that would produce a packet a conforming decoder rejects raise
 * {@link IllegalArgumentException} before any buffer is asked for.
 */
public final class PacketEncoder {
    /** Largest body a packet may carry (scamp-js rule); senders split longer bodies. */
    public static final int MAX_BODY = 131072;
    /** Largest message number a decoder accepts: 18 decimal digits. */
    public static final long MAX_MSGNO = 999_999_999_999_999_999L;

    private static final byte[] TRAILER = {'E', 'N', 'D', '\r', '\n'};
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

    /**
     * A HEADER packet whose body is {@code header} as JSON ({@link HeaderJson#encode}). Returned buffer: caller's.
     *
     * @param alloc allocates the returned buffer
     * @param msgNo the message number
     * @param header the header, written as it is
     * @return the packet
     * @throws IllegalArgumentException if {@code msgNo} is out of range or the JSON is longer
     *     than {@link #MAX_BODY}
     */
    public static ByteBuf header(ByteBufAllocator alloc, long msgNo, MessageHeader header) {
        return writeHeader(alloc::buffer, msgNo, header);
    }

    /**
     * Appends a HEADER packet to the buffer {@code target} gives for the packet's exact size
     * (the same buffer may collect several packets; it is not released here) and returns it.
     * The JSON is rendered and checked first, so an over-long header fails before anything is
     * asked for, and without buffering more than about the limit.
     *
     * @param target gives a buffer with room for the given number of bytes
     * @param msgNo the message number
     * @param header the header, written as it is
     * @return the buffer {@code target} gave, the packet appended
     * @throws IllegalArgumentException if {@code msgNo} is out of range or the JSON is longer
     *     than {@link #MAX_BODY}
     */
    public static ByteBuf writeHeader(IntFunction<ByteBuf> target, long msgNo, MessageHeader header) {
        return writeHeader(target, msgNo, header, header.type(), header.requestId());
    }

    /**
     * As {@link #writeHeader(IntFunction, long, MessageHeader)} for {@code header} with
     * {@code type} and {@code request_id} replaced: how a connection stamps an application's
     * request or reply without building a copy of it.
     *
     * @param target gives a buffer with room for the given number of bytes
     * @param msgNo the message number
     * @param header the header; its own {@code type} and {@code request_id} are not used
     * @param type the {@code type} to write
     * @param requestId the {@code request_id} to write
     * @return the buffer {@code target} gave, the packet appended
     * @throws IllegalArgumentException if {@code msgNo} is out of range or the JSON is longer
     *     than {@link #MAX_BODY}
     */
    public static ByteBuf writeHeader(IntFunction<ByteBuf> target, long msgNo, MessageHeader header, String type, long requestId) {
        checkMsgNo(msgNo);
        Objects.requireNonNull(header, "header");
        if (HeaderWriter.handles(header)) {
            HeaderWriter json = HeaderWriter.render(header, type, requestId, MAX_BODY);
            ByteBuf buf = startPacket(target, PacketType.HEADER, msgNo, checkHeaderLength(json.length()));
            json.copyTo(buf);
            return buf.writeBytes(TRAILER);
        }
        // Extras or error data: Jackson writes them, from a stamped copy.
        MessageHeader stamped = Objects.equals(type, header.type()) && requestId == header.requestId()
                ? header : header.toBuilder().type(type).requestId(requestId).build();
        // Bounded: a giant error_data or extra field fails here, at one byte past the limit, without growing further.
        ByteBuf json = Unpooled.buffer(256, MAX_BODY + 1);
        try {
            try {
                HeaderJson.encode(stamped, json);
            } catch (IndexOutOfBoundsException full) {
                throw new IllegalArgumentException("header JSON is longer than " + MAX_BODY + " bytes", full);
            }
            ByteBuf buf = startPacket(target, PacketType.HEADER, msgNo, checkHeaderLength(json.readableBytes()));
            return buf.writeBytes(json).writeBytes(TRAILER);
        } finally {
            json.release();
        }
    }

    private static int checkHeaderLength(int len) {
        if (len > MAX_BODY) {
            throw new IllegalArgumentException("header JSON is " + len + " bytes, more than " + MAX_BODY);
        }
        return len;
    }

    /**
     * A DATA packet with {@code length} bytes copied from {@code src} starting at its position.
     * {@code src} is only read: its position, limit and mark are unchanged (the caller advances
     * it). Returned buffer: caller's.
     *
     * @param alloc allocates the returned buffer
     * @param msgNo the message number
     * @param src the bytes to send (borrowed, read from its position)
     * @param length how many bytes, 0 to {@link #MAX_BODY} and at most {@code src.remaining()}
     * @return the packet
     * @throws IllegalArgumentException if {@code msgNo} or {@code length} is out of range
     */
    public static ByteBuf data(ByteBufAllocator alloc, long msgNo, ByteBuffer src, int length) {
        return writeData(alloc::buffer, msgNo, src, length);
    }

    /**
     * As {@link #data}, appended to the buffer {@code target} gives for the packet's size, which is returned.
     *
     * @param target gives a buffer with room for the given number of bytes
     * @param msgNo the message number
     * @param src the bytes to send (borrowed, read from its position, which is not moved)
     * @param length how many bytes, 0 to {@link #MAX_BODY} and at most {@code src.remaining()}
     * @return the buffer {@code target} gave, the packet appended
     * @throws IllegalArgumentException if {@code msgNo} or {@code length} is out of range
     */
    public static ByteBuf writeData(IntFunction<ByteBuf> target, long msgNo, ByteBuffer src, int length) {
        return writeData(target, msgNo, src, src.position(), length);
    }

    /**
     * As {@link #writeData(IntFunction, long, ByteBuffer, int)}, from {@code offset} (absolute)
     * rather than {@code src}'s position; {@code src} is not moved.
     *
     * @param target gives a buffer with room for the given number of bytes
     * @param msgNo the message number
     * @param src the bytes, read from {@code offset}; neither its position nor its limit changes
     * @param offset the index of the first byte to send
     * @param length how many bytes, at most {@link #MAX_BODY}
     * @return the buffer the packet was appended to (the caller's, like {@code target}'s)
     * @throws IllegalArgumentException if {@code length} is out of range or passes {@code src}'s limit
     */
    public static ByteBuf writeData(IntFunction<ByteBuf> target, long msgNo, ByteBuffer src, int offset, int length) {
        checkMsgNo(msgNo);
        checkDataLength(length);
        if (offset < 0 || offset + length > src.limit()) {
            throw new IllegalArgumentException("DATA of " + length + " bytes from " + offset + " passes src's limit " + src.limit());
        }
        ByteBuf buf = startPacket(target, PacketType.DATA, msgNo, length);
        if (src.hasArray()) {
            buf.writeBytes(src.array(), src.arrayOffset() + offset, length);
        } else {
            // One bulk copy by the JDK, also from read-only heap buffers (Netty would go through a temporary array).
            buf.ensureWritable(length);
            buf.internalNioBuffer(buf.writerIndex(), length).put(src.slice(offset, length));
            buf.writerIndex(buf.writerIndex() + length);
        }
        return buf.writeBytes(TRAILER);
    }

    /**
     * The start of a DATA packet whose body the caller hands on by itself (without a copy): its
     * line, appended to a buffer from {@code target}. The body's {@code length} bytes must follow,
     * then {@link #writeTrailer}.
     *
     * @param target gives the buffer to append to, with room for the line
     * @param msgNo the message number
     * @param length the body's length, at most {@link #MAX_BODY}
     * @return the buffer the line was appended to
     * @throws IllegalArgumentException if {@code length} is out of range
     */
    public static ByteBuf writeDataLine(IntFunction<ByteBuf> target, long msgNo, int length) {
        checkMsgNo(msgNo);
        checkDataLength(length);
        return startPacket(target, PacketType.DATA, msgNo, length, 0);
    }

    /**
     * The end of a packet begun by {@link #writeDataLine}, appended to a buffer from {@code target}.
     *
     * @param target gives the buffer to append to, with room for the trailer
     * @return the buffer the trailer was appended to
     */
    public static ByteBuf writeTrailer(IntFunction<ByteBuf> target) {
        return target.apply(TRAILER.length).writeBytes(TRAILER);
    }

    /**
     * An EOF packet (empty body): the message ended successfully. Returned buffer: caller's.
     *
     * @param alloc allocates the returned buffer
     * @param msgNo the message number
     * @return the packet
     * @throws IllegalArgumentException if {@code msgNo} is out of range
     */
    public static ByteBuf eof(ByteBufAllocator alloc, long msgNo) {
        return writeEof(alloc::buffer, msgNo);
    }

    /**
     * As {@link #eof}, appended to the buffer {@code target} gives for the packet's size, which is returned.
     *
     * @param target gives a buffer with room for the given number of bytes
     * @param msgNo the message number
     * @return the buffer {@code target} gave, the packet appended
     * @throws IllegalArgumentException if {@code msgNo} is out of range
     */
    public static ByteBuf writeEof(IntFunction<ByteBuf> target, long msgNo) {
        return writeEmpty(target, PacketType.EOF, msgNo);
    }

    /**
     * A TXERR packet carrying {@code text} in UTF-8. A null or empty text, or {@code "0"}, becomes
     * {@code "error"}, and text longer than {@link #MAX_BODY} bytes is cut at a character
     * boundary, so the packet is always legal. Returned buffer: caller's.
     *
     * @param alloc allocates the returned buffer
     * @param msgNo the message number
     * @param text why the message was aborted
     * @return the packet
     * @throws IllegalArgumentException if {@code msgNo} is out of range
     */
    public static ByteBuf txerr(ByteBufAllocator alloc, long msgNo, String text) {
        return writeTxerr(alloc::buffer, msgNo, text);
    }

    /**
     * As {@link #txerr}, appended to the buffer {@code target} gives for the packet's size, which is returned.
     *
     * @param target gives a buffer with room for the given number of bytes
     * @param msgNo the message number
     * @param text why the message was aborted
     * @return the buffer {@code target} gave, the packet appended
     * @throws IllegalArgumentException if {@code msgNo} is out of range
     */
    public static ByteBuf writeTxerr(IntFunction<ByteBuf> target, long msgNo, String text) {
        checkMsgNo(msgNo);
        byte[] bytes = text == null || text.isEmpty() || text.equals("0") ? DEFAULT_TXERR : text.getBytes(StandardCharsets.UTF_8);
        int len = bytes.length;
        if (len > MAX_BODY) {
            len = MAX_BODY;
            while ((bytes[len] & 0xC0) == 0x80) { // do not split a multi-byte character
                len--;
            }
        }
        return startPacket(target, PacketType.TXERR, msgNo, len).writeBytes(bytes, 0, len).writeBytes(TRAILER);
    }

    /**
     * An ACK packet: {@code consumed} (at least 1) bytes of message {@code msgNo} were consumed in total. Returned buffer: caller's.
     *
     * @param alloc allocates the returned buffer
     * @param msgNo the message number
     * @param consumed the bytes of the message consumed so far, in total
     * @return the packet
     * @throws IllegalArgumentException if {@code msgNo} is out of range or {@code consumed} is
     *     below 1
     */
    public static ByteBuf ack(ByteBufAllocator alloc, long msgNo, long consumed) {
        return writeAck(alloc::buffer, msgNo, consumed);
    }

    /**
     * As {@link #ack}, appended to the buffer {@code target} gives for the packet's size, which is returned.
     *
     * @param target gives a buffer with room for the given number of bytes
     * @param msgNo the message number
     * @param consumed the bytes of the message consumed so far, in total
     * @return the buffer {@code target} gave, the packet appended
     * @throws IllegalArgumentException if {@code msgNo} is out of range or {@code consumed} is
     *     below 1
     */
    public static ByteBuf writeAck(IntFunction<ByteBuf> target, long msgNo, long consumed) {
        checkMsgNo(msgNo);
        if (consumed < 1) {
            throw new IllegalArgumentException("ACK count must be at least 1, got " + consumed);
        }
        byte[] line = LINE.get();
        int n = writeLine(line, PacketType.ACK, msgNo, Ascii.digits(consumed));
        return writeWhole(target, line, Ascii.putDecimal(line, n, consumed));
    }

    /**
     * A PING packet (empty body). Returned buffer: caller's.
     *
     * @param alloc allocates the returned buffer
     * @param msgNo the ping's number, which the PONG repeats
     * @return the packet
     * @throws IllegalArgumentException if {@code msgNo} is out of range
     */
    public static ByteBuf ping(ByteBufAllocator alloc, long msgNo) {
        return writeEmpty(alloc::buffer, PacketType.PING, msgNo);
    }

    /**
     * A PONG packet (empty body), the answer to {@code PING msgNo}. Returned buffer: caller's.
     *
     * @param alloc allocates the returned buffer
     * @param msgNo the number of the PING answered
     * @return the packet
     * @throws IllegalArgumentException if {@code msgNo} is out of range
     */
    public static ByteBuf pong(ByteBufAllocator alloc, long msgNo) {
        return writeEmpty(alloc::buffer, PacketType.PONG, msgNo);
    }

    /**
     * A packet with an empty body (EOF, PING, PONG), appended to the buffer {@code target} gives, which is returned.
     *
     * @param target gives a buffer with room for the given number of bytes
     * @param type the packet type
     * @param msgNo the message number
     * @return the buffer {@code target} gave, the packet appended
     * @throws IllegalArgumentException if {@code msgNo} is out of range
     */
    public static ByteBuf writeEmpty(IntFunction<ByteBuf> target, PacketType type, long msgNo) {
        checkMsgNo(msgNo);
        byte[] line = LINE.get();
        return writeWhole(target, line, writeLine(line, type, msgNo, 0));
    }

    /** Appends the trailer to the {@code n} bytes of line and body in {@code line} and writes the whole packet at once. */
    private static ByteBuf writeWhole(IntFunction<ByteBuf> target, byte[] line, int n) {
        System.arraycopy(TRAILER, 0, line, n, TRAILER.length);
        n += TRAILER.length;
        return target.apply(n).writeBytes(line, 0, n);
    }

    /** Asks {@code target} for room for the whole packet and writes its line. */
    private static ByteBuf startPacket(IntFunction<ByteBuf> target, PacketType type, long msgNo, int bodyLength) {
        return startPacket(target, type, msgNo, bodyLength, bodyLength + TRAILER.length);
    }

    /** Asks {@code target} for room for the line and {@code roomAfter} more bytes, and writes the line. */
    private static ByteBuf startPacket(IntFunction<ByteBuf> target, PacketType type, long msgNo, int bodyLength, int roomAfter) {
        byte[] line = LINE.get();
        int n = writeLine(line, type, msgNo, bodyLength);
        return target.apply(n + roomAfter).writeBytes(line, 0, n);
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

    private static void checkDataLength(int length) {
        if (length < 0 || length > MAX_BODY) {
            throw new IllegalArgumentException("DATA length " + length + " is outside 0.." + MAX_BODY);
        }
    }

    private static void checkMsgNo(long msgNo) {
        if (msgNo < 0 || msgNo > MAX_MSGNO) {
            throw new IllegalArgumentException("message number " + msgNo + " is outside 0.." + MAX_MSGNO);
        }
    }
}
