package io.scamp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.scamp.message.MessageHeader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The fast path of {@link HeaderJson#decode}: reads the common shape of a HEADER body, one flat
 * JSON object of known fields whose values are ASCII strings without escapes, integers,
 * {@code true}, {@code false} or {@code null}, straight from the bytes.
 *
 * <p>It gives up ({@code null}) on anything else: an escape or a non-ASCII byte, a fraction or
 * exponent, a nested value, an unknown field or {@code error_data}, a value a field does not
 * take, any syntax error. The caller then decodes with Jackson, which gives the same result
 * for every input this class accepts and the precise error for every input it rejects. So
 * the leniency rules of SCAMP.md §5 live in one place, {@link HeaderJson}, and this class
 * only has to agree with it on the easy cases. Thread-confined scratch; no state between calls.
 */
final class HeaderReader {
    private static final FastThreadLocal<HeaderReader> READERS = new FastThreadLocal<>() {
        @Override
        protected HeaderReader initialValue() {
            return new HeaderReader();
        }
    };
    /** Longer bodies go to Jackson directly: a big header is rare and not worth a big scratch. */
    private static final int MAX_FAST = 4096;
    /** At most this many digits: every such integer fits a long. */
    private static final int MAX_DIGITS = 18;

    /** The fields this reader handles, in the order of the cases in {@link #field}. */
    private static final byte[][] FIELDS = Stream.of("type", "action", "sector", "envelope", "ticket", "identifying_token",
            "error", "error_code", "version", "request_id", "client_id")
            .map(name -> name.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    /** Texts up to this long are looked up in {@link #strings}. */
    private static final int MAX_CACHED = 64;
    /** Slots of the string cache (a power of two). */
    private static final int STRING_CACHE = 256;

    private final byte[] in = new byte[MAX_FAST];
    /** Reused for every header this thread reads; {@link MessageHeader.Builder#build} copies what it holds. */
    private final MessageHeader.Builder builder = MessageHeader.builder();
    private final String[] strings = new String[STRING_CACHE];
    private int pos;
    private int end;

    /** Token kinds of a scalar value. */
    private static final int STRING = 0;
    private static final int NUMBER = 1;
    private static final int LITERAL_TRUE = 2;
    private static final int LITERAL_FALSE = 3;
    private static final int LITERAL_NULL = 4;

    private int kind;
    private int valueStart;
    private int valueEnd;

    private HeaderReader() {
    }

    /** The header in the readable bytes of {@code body} (borrowed), or {@code null} to defer to Jackson. */
    static MessageHeader tryRead(ByteBuf body) {
        int length = body.readableBytes();
        if (length > MAX_FAST) {
            return null;
        }
        HeaderReader r = READERS.get();
        body.getBytes(body.readerIndex(), r.in, 0, length);
        r.pos = 0;
        r.end = length;
        return r.object();
    }

    private MessageHeader object() {
        if (!skipWhitespaceAndExpect('{')) {
            return null;
        }
        MessageHeader.Builder b = builder.type(null).action(null).sector(null).version(1).envelope(null).requestId(0).clientId(0)
                .ticket(null).identifyingToken(null).error(null).errorCode(null); // everything field() sets, back to the defaults
        skipWhitespace();
        if (pos < end && in[pos] == '}') {
            pos++;
        } else {
            while (true) {
                if (!skipWhitespaceAndExpect('"')) {
                    return null;
                }
                int nameStart = pos;
                if (!skipPlainString()) {
                    return null;
                }
                int nameEnd = pos - 1;
                if (!skipWhitespaceAndExpect(':') || !value() || !field(b, nameStart, nameEnd)) {
                    return null;
                }
                skipWhitespace();
                if (pos >= end) {
                    return null;
                }
                byte c = in[pos++];
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    return null;
                }
            }
        }
        skipWhitespace();
        return pos == end ? b.build() : null;
    }

    /** Applies one field; false for anything the Jackson path must judge. */
    private boolean field(MessageHeader.Builder b, int nameStart, int nameEnd) {
        switch (fieldIndex(nameStart, nameEnd)) {
            case 0 -> b.type(text());
            case 1 -> b.action(text());
            case 2 -> b.sector(text());
            case 3 -> b.envelope(text());
            case 4 -> b.ticket(text());
            case 5 -> b.identifyingToken(text());
            case 6 -> b.error(text());
            case 7 -> b.errorCode(text());
            case 8 -> {
                long v = integer(1);
                if (v == Long.MIN_VALUE || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    return false;
                }
                b.version((int) v);
            }
            case 9 -> {
                long v = integer(0);
                if (v == Long.MIN_VALUE) {
                    return false;
                }
                b.requestId(v);
            }
            case 10 -> {
                long v = integer(0);
                if (v == Long.MIN_VALUE) {
                    return false;
                }
                b.clientId(v);
            }
            default -> {
                return false; // error_data and unknown fields keep their JSON: Jackson reads them
            }
        }
        return true;
    }

    /** The index of the field name in {@code in[start, stop)} in {@link #FIELDS}, or -1. */
    private int fieldIndex(int start, int stop) {
        // One candidate by length (and first letter where lengths clash), then one comparison.
        int candidate = switch (stop - start) {
            case 4 -> 0;
            case 5 -> 6;
            case 6 -> in[start] == 'a' ? 1 : in[start] == 's' ? 2 : 4;
            case 7 -> 8;
            case 8 -> 3;
            case 9 -> 10;
            case 10 -> in[start] == 'e' ? 7 : 9;
            case 17 -> 5;
            default -> -1;
        };
        return candidate >= 0 && Arrays.equals(FIELDS[candidate], 0, FIELDS[candidate].length, in, start, stop) ? candidate : -1;
    }

    /** The current value as a string field takes it: text for scalars, null for {@code null}. */
    private String text() {
        return switch (kind) {
            case LITERAL_NULL -> null;
            case LITERAL_TRUE -> "true";
            case LITERAL_FALSE -> "false";
            default -> cachedString(valueStart, valueEnd);
        };
    }

    /**
     * The ASCII text in {@code in[start, stop)}, reused from a small per-thread cache when the
     * same text was read recently: types, envelopes and action names repeat on every call.
     */
    private String cachedString(int start, int stop) {
        int length = stop - start;
        if (length > MAX_CACHED) {
            return new String(in, start, length, StandardCharsets.ISO_8859_1);
        }
        int h = length;
        for (int i = start; i < stop; i++) {
            h = 31 * h + in[i];
        }
        int slot = (h ^ (h >>> 16)) & (STRING_CACHE - 1);
        String cached = strings[slot];
        if (cached != null && cached.length() == length && sameAscii(cached, start)) {
            return cached;
        }
        String fresh = new String(in, start, length, StandardCharsets.ISO_8859_1);
        strings[slot] = fresh;
        return fresh;
    }

    private boolean sameAscii(String s, int start) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != in[start + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The current value as an integer field takes it (a number or a string of decimal digits,
     * {@code null} for {@code dflt}), or {@link Long#MIN_VALUE} to defer to Jackson.
     */
    private long integer(long dflt) {
        if (kind == LITERAL_NULL) {
            return dflt;
        }
        if (kind != NUMBER && kind != STRING) {
            return Long.MIN_VALUE;
        }
        int i = valueStart;
        boolean negative = i < valueEnd && in[i] == '-';
        if (negative) {
            i++;
        }
        int digits = valueEnd - i;
        if (digits < 1 || digits > MAX_DIGITS) {
            return Long.MIN_VALUE;
        }
        long v = Ascii.parseUnsigned(in, i, digits);
        if (v < 0) {
            return Long.MIN_VALUE;
        }
        return negative ? -v : v;
    }

    /** Reads one scalar value into kind/valueStart/valueEnd; false for anything else. */
    private boolean value() {
        skipWhitespace();
        if (pos >= end) {
            return false;
        }
        byte c = in[pos];
        if (c == '"') {
            pos++;
            valueStart = pos;
            if (!skipPlainString()) {
                return false;
            }
            valueEnd = pos - 1;
            kind = STRING;
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        return literal("true", LITERAL_TRUE) || literal("false", LITERAL_FALSE) || literal("null", LITERAL_NULL);
    }

    /** An integer: {@code -?(0|[1-9][0-9]*)} followed by a delimiter, as JSON requires. */
    private boolean number() {
        valueStart = pos;
        if (in[pos] == '-') {
            pos++;
        }
        int firstDigit = pos;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        int digits = pos - firstDigit;
        if (digits == 0 || (digits > 1 && in[firstDigit] == '0') || !atDelimiter()) {
            return false;
        }
        valueEnd = pos;
        kind = NUMBER;
        return true;
    }

    private boolean literal(String word, int literalKind) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        if (!atDelimiter()) {
            return false;
        }
        kind = literalKind;
        return true;
    }

    private boolean atDelimiter() {
        if (pos >= end) {
            return true; // the object's closing brace is then missing; object() rejects that
        }
        byte c = in[pos];
        return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Skips the rest of a string opened at pos - 1: printable ASCII, no escapes. */
    private boolean skipPlainString() {
        while (pos < end) {
            byte c = in[pos++];
            if (c == '"') {
                return true;
            }
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                return false; // escapes, control or non-ASCII bytes (negative as a byte): Jackson's job
            }
        }
        return false;
    }

    private boolean skipWhitespaceAndExpect(char c) {
        skipWhitespace();
        if (pos < end && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
