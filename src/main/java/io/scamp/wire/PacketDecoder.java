package io.scamp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Netty inbound handler that turns the beepish byte stream (SCAMP.md §2) into {@link Packet}s.
 *
 * <p>It is a resumable state machine: {@code READ_LINE} parses {@code TYPE SP MSGNO SP LENGTH
 * CRLF} once and remembers the result, {@code READ_BODY} waits until the body and the
 * {@code END\r\n} trailer are buffered. A packet split at any byte offset therefore decodes
 * exactly as if it had arrived whole, and many packets in one read all come out. It never
 * buffers more than 42 bytes looking for a line end nor more than one body plus trailer.
 *
 * <p>It also applies the checks that need no connection state: EOF bodies must be empty,
 * TXERR bodies must be non-empty and not {@code 0}, ACK bodies must match {@code [1-9][0-9]*}
 * and fit a {@code long} (§3, §4). HEADER JSON, message numbering and ACK accounting are the
 * connection's job. PING and PONG bodies are passed on as they are.
 *
 * <p>Errors: a violation raises {@link ProtocolException} naming the {@link ProtocolViolation};
 * {@link ByteToMessageDecoder} delivers it to {@code exceptionCaught} wrapped in a
 * {@link DecoderException} (unwrap with {@code getCause()}). Packets decoded earlier in the same
 * read are passed on first. The decoder then stays {@code FAILED} and discards every further
 * byte; the connection is expected to close.
 *
 * <p>A DATA body's array is allocated before its header line is consumed, so an allocation
 * that fails ({@link OutOfMemoryError}, which reaches {@code exceptionCaught} as it is) leaves
 * the decoder before that line: it would resume with the same packet. A connection behind it
 * fails on the error, as on any other.
 *
 * <p>Ownership: each emitted {@code Packet} belongs to the next handler, which must release
 * it. A DATA body is copied into an array of its own as its bytes arrive
 * ({@link Packet#ownedArray()}), so a large body is never gathered in the cumulation buffer;
 * every other body is a retained slice of the cumulation buffer (zero copy). Not sharable:
 * one instance per channel.
 */
public final class PacketDecoder extends ByteToMessageDecoder {
    /** The longest header line content (without CRLF) accepted, as in scamp-js. */
    public static final int MAX_LINE = 40;
    /** MSGNO and LENGTH take at most this many digits. */
    public static final int MAX_NUMBER_DIGITS = 18;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte[] TRAILER = {'E', 'N', 'D', '\r', '\n'};
    /** The first four trailer bytes as a big-endian int, checked in one read. */
    private static final int TRAILER_INT = ('E' << 24) | ('N' << 16) | ('D' << 8) | '\r';
    private static final PacketType[] TYPES = PacketType.values();

    private enum State { READ_LINE, READ_BODY, READ_DATA, FAILED }

    private State state = State.READ_LINE;
    private PacketType type;
    private long msgNo;
    private int length;
    /** The header line being parsed (content only, without CRLF). */
    private final byte[] line = new byte[MAX_LINE + 2];
    /** The body of the DATA packet being read, filled as bytes arrive, and how much of it is. */
    private byte[] data;
    private int dataFilled;
    /** Allocates DATA body arrays: {@code byte[]::new}, or a test's failing allocator. */
    private final IntFunction<byte[]> bodyArrays;

    /** A decoder for one channel. */
    public PacketDecoder() {
        this(byte[]::new);
    }

    /** A decoder whose DATA body arrays come from {@code bodyArrays} (tests make it fail). */
    PacketDecoder(IntFunction<byte[]> bodyArrays) {
        this.bodyArrays = bodyArrays;
    }

    /** {@code in} is the cumulation, owned by {@link ByteToMessageDecoder}. */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            boolean progressed = true;
            while (progressed) {
                progressed = switch (state) {
                    case READ_LINE -> readLine(in);
                    case READ_BODY -> readBody(in, out);
                    case READ_DATA -> readData(in, out);
                    case FAILED -> {
                        in.skipBytes(in.readableBytes());
                        yield false;
                    }
                };
            }
        } catch (ProtocolException e) {
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Parses one header line if a whole one is buffered; false when more bytes are needed. */
    private boolean readLine(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int lf = in.indexOf(start, start + Math.min(readable, MAX_LINE + 2), LF);
        int seen = lf < 0 ? readable : lf - start; // bytes before the line end
        // The content exceeds MAX_LINE once MAX_LINE + 2 bytes lack LF, or MAX_LINE + 1 do and the last is not CR.
        // Deciding only on what those bytes prove keeps the outcome independent of how the stream is split.
        if (seen > MAX_LINE + 1 || (seen == MAX_LINE + 1 && in.getByte(start + MAX_LINE) != CR)) {
            throw new ProtocolException(ProtocolViolation.HEADER_LINE_TOO_LONG,
                    "no line end after " + MAX_LINE + " bytes: "
                            + Ascii.describe(in, start, Math.min(seen, MAX_LINE + 1), MAX_LINE + 1));
        }
        if (lf < 0) {
            return false;
        }
        if (seen == 0 || in.getByte(lf - 1) != CR) {
            throw new ProtocolException(ProtocolViolation.BARE_LF,
                    "header line ends in LF without CR: " + Ascii.describe(in, start, seen + 1, MAX_LINE + 2));
        }
        // One copy of the short line into an array: per-byte ByteBuf reads each pay an accessibility check.
        in.getBytes(start, line, 0, seen - 1);
        parseLine(seen - 1);
        // Allocated before the line is consumed: if it fails, nothing has moved, and the next decode starts at this line again.
        byte[] body = type == PacketType.DATA && length > 0 ? bodyArrays.apply(length) : null;
        in.readerIndex(lf + 1);
        if (body != null) {
            data = body;
            dataFilled = 0;
            state = State.READ_DATA;
        } else {
            state = State.READ_BODY;
        }
        return true;
    }

    /**
     * Copies what has arrived of a DATA body into its own array and consumes it, so a body
     * spread over many reads is never gathered in the cumulation buffer first (that would
     * copy it, and grow the buffer, once more); then waits for the trailer like any packet.
     * The array becomes the packet's body: the one copy the receiver needs anyway, since
     * bodies are handed to the application as heap buffers it keeps.
     */
    private boolean readData(ByteBuf in, List<Object> out) {
        if (dataFilled < length) {
            int n = Math.min(in.readableBytes(), length - dataFilled);
            in.readBytes(data, dataFilled, n);
            dataFilled += n;
            if (dataFilled < length) {
                return false;
            }
        }
        if (in.readableBytes() < TRAILER.length) {
            return false;
        }
        int start = in.readerIndex();
        checkTrailer(in, start);
        Packet packet = Packet.ofArray(type, msgNo, data); // before the trailer is consumed, for the same reason
        in.skipBytes(TRAILER.length);
        out.add(packet);
        data = null;
        state = State.READ_LINE;
        return true;
    }

    private void checkTrailer(ByteBuf in, int at) {
        if (in.getInt(at) != TRAILER_INT || in.getByte(at + 4) != LF) {
            throw new ProtocolException(ProtocolViolation.BAD_TRAILER, "expected \"END\\r\\n\" after the body of "
                    + describePacket() + ", got " + Ascii.describe(in, at, TRAILER.length, TRAILER.length));
        }
    }

    /** Parses the {@code end} bytes of header line content in {@link #line} into type, msgNo and length. */
    private void parseLine(int end) {
        int sp1 = indexOf(line, 0, end, SP);
        int sp2 = sp1 < 0 ? -1 : indexOf(line, sp1 + 1, end, SP);
        if (sp2 < 0 || sp1 == 0) {
            throw badLine(end, "expected TYPE SP MSGNO SP LENGTH");
        }
        PacketType t = typeOf(line, sp1);
        if (t == null) {
            throw new ProtocolException(ProtocolViolation.UNKNOWN_TYPE,
                    "unknown packet type " + describeLine(sp1) + " in " + describeLine(end));
        }
        long no = number(sp1 + 1, sp2, end, "MSGNO");
        long len = number(sp2 + 1, end, end, "LENGTH");
        if (len > PacketEncoder.MAX_BODY) {
            throw new ProtocolException(ProtocolViolation.BODY_TOO_LONG,
                    t + " " + no + " declares " + len + " body bytes, more than " + PacketEncoder.MAX_BODY);
        }
        type = t;
        msgNo = no;
        length = (int) len;
    }

    private long number(int from, int to, int end, String what) {
        long v = to - from > MAX_NUMBER_DIGITS ? -1 : Ascii.parseUnsigned(line, from, to - from);
        if (v < 0) {
            throw badLine(end, what + " must be 1 to " + MAX_NUMBER_DIGITS + " decimal digits");
        }
        return v;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static PacketType typeOf(byte[] bytes, int end) {
        for (PacketType t : TYPES) {
            if (Arrays.equals(t.wireName(), 0, t.wireName().length, bytes, 0, end)) {
                return t;
            }
        }
        return null;
    }

    private ProtocolException badLine(int end, String why) {
        return new ProtocolException(ProtocolViolation.BAD_HEADER_LINE, why + ", got " + describeLine(end));
    }

    private String describeLine(int end) {
        return Ascii.describe(Unpooled.wrappedBuffer(line), 0, end, MAX_LINE);
    }

    private static ProtocolException badLine(ByteBuf in, int start, int end, String why) {
        return new ProtocolException(ProtocolViolation.BAD_HEADER_LINE,
                why + ", got " + Ascii.describe(in, start, end - start, MAX_LINE));
    }

    /** Emits the packet whose line was parsed once body and trailer are buffered; false when more bytes are needed. */
    private boolean readBody(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < length + TRAILER.length) {
            return false;
        }
        int start = in.readerIndex();
        checkTrailer(in, start + length);
        checkBody(in, start);
        out.add(new Packet(type, msgNo, length == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(length)));
        in.skipBytes(TRAILER.length);
        state = State.READ_LINE;
        return true;
    }

    private void checkBody(ByteBuf in, int start) {
        switch (type) {
            case EOF:
                if (length != 0) {
                    throw new ProtocolException(ProtocolViolation.NON_EMPTY_EOF, describePacket() + " has a body: "
                            + Ascii.describe(in, start, length, 32));
                }
                break;
            case TXERR:
                if (length == 0 || (length == 1 && in.getByte(start) == '0')) {
                    throw new ProtocolException(ProtocolViolation.BAD_TXERR, describePacket() + " has error text "
                            + Ascii.describe(in, start, length, 32) + "; it must be non-empty and not \"0\"");
                }
                break;
            case ACK:
                if (length == 0 || in.getByte(start) == '0' || Ascii.parseUnsigned(in, start, length) < 0) {
                    throw new ProtocolException(ProtocolViolation.BAD_ACK, describePacket() + " body "
                            + Ascii.describe(in, start, length, 32) + " is not a positive decimal count that fits a long");
                }
                break;
            default:
                break;
        }
    }

    private String describePacket() {
        return type + " " + msgNo + " " + length;
    }
}
