package io.scamp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.scamp.message.MessageHeader;

/**
 * Writes the typed fields of a {@link MessageHeader} as JSON straight into bytes: the hot path
 * of {@link HeaderJson#encode}, taken for every header that carries no {@code error_data} and
 * no unknown fields (all the headers this library produces for ordinary calls).
 *
 * <p>A Jackson generator costs a context, a recycled buffer and a stream wrapper per header;
 * this writer fills a per-thread scratch array and copies it into the {@code ByteBuf} once. It
 * produces the same bytes as Jackson's default generator: field order as in
 * {@link HeaderJson#encode}, {@code "} and {@code \} escaped with a backslash, control
 * characters as {@code \b \t \n \f \r} or {@code \}{@code u00XX}, surrogates (paired or not)
 * as {@code \}{@code uXXXX} escapes, other characters as UTF-8.
 */
final class HeaderWriter {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final FastThreadLocal<HeaderWriter> WRITERS = new FastThreadLocal<>() {
        @Override
        protected HeaderWriter initialValue() {
            return new HeaderWriter();
        }
    };

    private static final byte[] TYPE = key("type");
    private static final byte[] ACTION = key("action");
    private static final byte[] SECTOR = key("sector");
    private static final byte[] VERSION = key("version");
    private static final byte[] ENVELOPE = key("envelope");
    private static final byte[] REQUEST_ID = key("request_id");
    private static final byte[] CLIENT_ID = key("client_id");
    private static final byte[] TICKET = key("ticket");
    private static final byte[] IDENTIFYING_TOKEN = key("identifying_token");
    private static final byte[] ERROR = key("error");
    private static final byte[] ERROR_CODE = key("error_code");

    private byte[] buf = new byte[512];
    private int n;
    private boolean first;
    /** Rendering fails with {@link IllegalArgumentException} once a string would take the JSON past this many bytes. */
    private int limit = Integer.MAX_VALUE;

    private HeaderWriter() {
    }

    /** Whether this writer can render {@code h}: no extras and no error data. */
    static boolean handles(MessageHeader h) {
        return h.errorData() == null && h.extras().isEmpty();
    }

    /** Appends {@code h} (which it must {@link #handles handle}) to {@code out} at its writer index. */
    static void write(MessageHeader h, ByteBuf out) {
        render(h).copyTo(out);
    }

    /**
     * Renders {@code h} (which it must {@link #handles handle}) into this thread's writer and
     * returns it; the bytes stay valid until the thread renders again.
     */
    static HeaderWriter render(MessageHeader h) {
        return render(h, h.type(), h.requestId(), Integer.MAX_VALUE);
    }

    /**
     * As {@link #render(MessageHeader)}, with {@code type} and {@code request_id} in place of
     * the header's own, failing with {@link IllegalArgumentException} as soon as a string
     * would take the JSON past {@code limit} bytes: the scratch array then stays within six
     * times the limit (a string's worst-case escaping) however long the string is.
     */
    static HeaderWriter render(MessageHeader h, String type, long requestId, int limit) {
        HeaderWriter w = WRITERS.get();
        if (w.buf.length > 64 * 1024) {
            w.buf = new byte[512]; // do not keep a rare giant header's scratch forever
        }
        w.n = 0;
        w.first = true;
        w.limit = limit;
        w.fields(h, type, requestId);
        return w;
    }

    int length() {
        return n;
    }

    void copyTo(ByteBuf out) {
        out.writeBytes(buf, 0, n);
    }

    private void fields(MessageHeader h, String type, long requestId) {
        boolean request = MessageHeader.TYPE_REQUEST.equals(type);
        put('{');
        string(TYPE, type);
        string(ACTION, h.action());
        string(SECTOR, h.sector());
        if (request || h.version() != 1) {
            number(VERSION, h.version());
        }
        string(ENVELOPE, h.envelope());
        if (requestId != 0 || !MessageHeader.carriesNoRequestId(type)) {
            number(REQUEST_ID, requestId); // an event or a notification carries none, as in scamp-js (SCAMP.md §10)
        }
        if (request || h.clientId() != 0) {
            number(CLIENT_ID, h.clientId());
        }
        string(TICKET, h.ticket());
        string(IDENTIFYING_TOKEN, h.identifyingToken());
        string(ERROR, h.error());
        string(ERROR_CODE, h.errorCode());
        put('}');
    }

    /** {@code "name":} as bytes, copied in one step. */
    private static byte[] key(String name) {
        return ('"' + name + "\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void name(byte[] key) {
        ensure(key.length + 1);
        if (!first) {
            buf[n++] = ',';
        }
        first = false;
        System.arraycopy(key, 0, buf, n, key.length);
        n += key.length;
    }

    private void string(byte[] name, String value) {
        if (value != null) {
            name(name);
            quoted(value);
        }
    }

    private void number(byte[] name, long value) {
        name(name);
        ensure(20);
        if (value < 0) {
            buf[n++] = '-';
            if (value == Long.MIN_VALUE) {
                ascii("9223372036854775808");
                return;
            }
            value = -value;
        }
        n = Ascii.putDecimal(buf, n, value);
    }

    private void quoted(String s) {
        int len = s.length();
        if (len + 2L > limit - n) { // each char takes at least one byte
            throw new IllegalArgumentException("header JSON is longer than " + limit + " bytes");
        }
        ensure(len * 6 + 2); // the worst case: every char a \\uXXXX escape
        byte[] b = buf;
        int p = n;
        b[p++] = '"';
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                b[p++] = (byte) c;
            } else if (c < 0x80) {
                p = escapeAscii(b, p, c);
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                p = unicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        n = p;
    }

    private static int escapeAscii(byte[] b, int p, char c) {
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm == 0) {
            return unicodeEscape(b, p, c);
        }
        b[p++] = '\\';
        b[p++] = (byte) shortForm;
        return p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[n++] = (byte) s.charAt(i);
        }
    }

    private void put(char c) {
        ensure(1);
        buf[n++] = (byte) c;
    }

    private void ensure(int more) {
        if (n + more > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }
    }
}
