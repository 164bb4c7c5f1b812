package io.scamp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * ASCII decimal and diagnostic helpers shared by the packet decoder and encoder. Package
 * private: nothing here is API. None of the methods change a buffer's reader index or take
 * ownership of it.
 */
final class Ascii {
    /** Digits needed for {@link Long#MAX_VALUE}. */
    static final int MAX_LONG_DIGITS = 19;

    private static final FastThreadLocal<byte[]> DIGITS = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MAX_LONG_DIGITS];
        }
    };

    private Ascii() {
    }

    /**
     * Parses {@code length} bytes at {@code index} of {@code buf} (borrowed, indices unchanged)
     * as an unsigned decimal made only of ASCII digits.
     *
     * @return the value, or -1 if the bytes are empty, hold anything but a digit, or exceed
     *     {@link Long#MAX_VALUE}
     */
    static long parseUnsigned(ByteBuf buf, int index, int length) {
        if (length <= 0 || length > MAX_LONG_DIGITS) {
            return -1;
        }
        byte[] digits = DIGITS.get(); // every ACK is parsed: no array per call
        buf.getBytes(index, digits, 0, length);
        return parseUnsigned(digits, 0, length);
    }

    /** How many decimal digits {@code value} (not negative) takes. */
    static int digits(long value) {
        long bound = 10;
        for (int n = 1; n < MAX_LONG_DIGITS; n++, bound *= 10) {
            if (value < bound) {
                return n;
            }
        }
        return MAX_LONG_DIGITS;
    }

    /** Writes {@code value} (not negative) in decimal into {@code out} at {@code index}; returns the index after it. */
    static int putDecimal(byte[] out, int index, long value) {
        int end = index + digits(value);
        for (int i = end - 1; i >= index; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return end;
    }

    /** As {@link #parseUnsigned(ByteBuf, int, int)}, over {@code length} bytes of {@code bytes} at {@code index}. */
    static long parseUnsigned(byte[] bytes, int index, int length) {
        if (length <= 0 || length > MAX_LONG_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = index; i < index + length; i++) {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /**
     * A quoted, printable rendering of at most {@code max} bytes of {@code buf} (borrowed) for
     * error messages: non-printable bytes appear as {@code \r}, {@code \n} or {@code \xNN}.
     */
    static String describe(ByteBuf buf, int index, int length, int max) {
        StringBuilder sb = new StringBuilder(Math.min(length, max) + 8).append('"');
        for (int i = index; i < index + Math.min(length, max); i++) {
            int b = buf.getByte(i) & 0xff;
            if (b == '\r') {
                sb.append("\\r");
            } else if (b == '\n') {
                sb.append("\\n");
            } else if (b == '"' || b == '\\') {
                sb.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02X", b));
            }
        }
        sb.append('"');
        if (length > max) {
            sb.append("...(").append(length).append(" bytes)");
        }
        return sb.toString();
    }
}
