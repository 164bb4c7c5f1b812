package io.scamp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the byte stream of a connection into {@link Packet}s (SCAMP.md §2).
 *
 * <p>A resumable state machine: {@link State#LINE} waits for a complete header line (never
 * buffering more than 40 bytes of one), {@link State#BODY} waits for the body and its
 * {@code END\r\n} trailer; a packet split at any byte offset, or many packets in one read,
 * decode the same. The body is a retained slice of the cumulation buffer (no copy); the
 * receiver of the {@code Packet} owns it.
 *
 * <p>A framing error throws {@link ProtocolException} (which Netty wraps in a
 * {@code DecoderException}) naming the violation; the decoder then ignores all further input,
 * and the connection handler closes the channel. Body checks that need no connection state
 * (EOF empty, TXERR non-empty and not {@code 0}, ACK a positive decimal) are made here too.
 */
public final class PacketDecoder extends ByteToMessageDecoder {
    /** The longest header line content (without CRLF) accepted, as scamp-js. */
    static final int MAX_LINE = 40;

    private enum State { LINE, BODY, FAILED }

    private State state = State.LINE;
    private PacketType type;
    private long msgNo;
    private int length;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            while (true) {
                if (state == State.LINE && !readLine(in)) {
                    return;
                }
                if (state == State.BODY && !readBody(in, out)) {
                    return;
                }
                if (state == State.FAILED) {
                    in.skipBytes(in.readableBytes());
                    return;
                }
            }
        } catch (ProtocolException e) {
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Parses a header line if one is complete; returns false when more bytes are needed. */
    private boolean readLine(ByteBuf in) {
        int start = in.readerIndex();
        int searchable = Math.min(in.readableBytes(), MAX_LINE + 2);
        int lf = in.indexOf(start, start + searchable, (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > MAX_LINE + 1) {
                throw new ProtocolException(ProtocolViolation.HEADER_LINE_TOO_LONG,
                        "no line end within " + MAX_LINE + " bytes: " + printable(in, start, MAX_LINE));
            }
            return false;
        }
        if (lf == start || in.getByte(lf - 1) != '\r') {
            throw new ProtocolException(ProtocolViolation.BARE_LF, "header line ends in LF without CR: " + printable(in, start, lf - start));
        }
        int lineLength = lf - 1 - start;
        if (lineLength > MAX_LINE) {
            throw new ProtocolException(ProtocolViolation.HEADER_LINE_TOO_LONG, "header line of " + lineLength + " bytes");
        }
        parseLine(in.toString(start, lineLength, StandardCharsets.ISO_8859_1));
        in.readerIndex(lf + 1);
        state = State.BODY;
        return true;
    }

    private void parseLine(String line) {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw new ProtocolException(ProtocolViolation.BAD_HEADER_LINE, "not 'TYPE MSGNO LENGTH': '" + line + "'");
        }
        type = typeOf(line.substring(0, sp1));
        msgNo = unsigned(line.substring(sp1 + 1, sp2), "MSGNO", line);
        long len = unsigned(line.substring(sp2 + 1), "LENGTH", line);
        if (len > PacketEncoder.MAX_BODY) {
            throw new ProtocolException(ProtocolViolation.BODY_TOO_LONG, "LENGTH " + len + " exceeds " + PacketEncoder.MAX_BODY);
        }
        length = (int) len;
    }

    private static PacketType typeOf(String name) {
        switch (name) {
            case "HEADER": return PacketType.HEADER;
            case "DATA": return PacketType.DATA;
            case "EOF": return PacketType.EOF;
            case "TXERR": return PacketType.TXERR;
            case "ACK": return PacketType.ACK;
            case "PING": return PacketType.PING;
            case "PONG": return PacketType.PONG;
            default: throw new ProtocolException(ProtocolViolation.UNKNOWN_TYPE, "unknown packet type '" + name + "'");
        }
    }

    private static long unsigned(String digits, String what, String line) {
        if (digits.isEmpty() || digits.length() > 18) {
            throw new ProtocolException(ProtocolViolation.BAD_HEADER_LINE, "bad " + what + " in '" + line + "'");
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException(ProtocolViolation.BAD_HEADER_LINE, "bad " + what + " in '" + line + "'");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Emits the packet if body and trailer are complete; returns false when more bytes are needed. */
    private boolean readBody(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < length + 5) {
            return false;
        }
        int trailer = in.readerIndex() + length;
        if (in.getByte(trailer) != 'E' || in.getByte(trailer + 1) != 'N' || in.getByte(trailer + 2) != 'D'
                || in.getByte(trailer + 3) != '\r' || in.getByte(trailer + 4) != '\n') {
            throw new ProtocolException(ProtocolViolation.BAD_TRAILER,
                    type + " " + msgNo + " " + length + " is followed by '" + printable(in, trailer, 5) + "' instead of END\\r\\n");
        }
        checkBody(in, in.readerIndex());
        ByteBuf body = in.readRetainedSlice(length);
        in.skipBytes(5);
        out.add(new Packet(type, msgNo, body));
        state = State.LINE;
        return true;
    }

    private void checkBody(ByteBuf in, int at) {
        switch (type) {
            case EOF:
                if (length != 0) {
                    throw new ProtocolException(ProtocolViolation.NON_EMPTY_EOF, "EOF " + msgNo + " has a " + length + "-byte body");
                }
                break;
            case TXERR:
                if (length == 0 || (length == 1 && in.getByte(at) == '0')) {
                    throw new ProtocolException(ProtocolViolation.BAD_TXERR, "TXERR " + msgNo + " body is empty or '0'");
                }
                break;
            case ACK:
                if (length == 0 || length > 18 || in.getByte(at) == '0') {
                    throw new ProtocolException(ProtocolViolation.BAD_ACK, "ACK " + msgNo + " body '" + printable(in, at, length) + "'");
                }
                for (int i = 0; i < length; i++) {
                    byte c = in.getByte(at + i);
                    if (c < '0' || c > '9') {
                        throw new ProtocolException(ProtocolViolation.BAD_ACK, "ACK " + msgNo + " body '" + printable(in, at, length) + "'");
                    }
                }
                break;
            default:
                break;
        }
    }

    private static String printable(ByteBuf in, int from, int max) {
        int n = Math.max(0, Math.min(max, in.writerIndex() - from));
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int c = in.getByte(from + i) & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : c == '\r' ? "\\r" : c == '\n' ? "\\n" : String.format("\\x%02x", c));
        }
        return sb.toString();
    }
}
