package io.scamp.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.ByteBufOutputStream;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.message.ScampJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes the JSON object carried by a HEADER packet (SCAMP.md §5) with Jackson's
 * streaming API: known fields are handled token by token, without reflection; only unknown
 * fields (and {@code error_data}) are read into {@link JsonNode}s, kept in arrival order in
 * {@link MessageHeader#extras()}.
 *
 * <p>Leniency follows §5: missing fields take defaults, {@code null} is accepted for every
 * field (strings become Java {@code null}, integers keep their default), integers may arrive
 * as strings of digits ("flex int", an optional {@code -} allowed) or as integral numbers
 * such as {@code 1.0}, and scalars (numbers, booleans) are accepted as text for string fields.
 * Anything else is {@link ProtocolViolation#MALFORMED_HEADER_JSON}: a body that is not exactly
 * one UTF-8 JSON object (so {@code null}, arrays, truncated or trailing content, invalid UTF-8,
 * UTF-16), an object or array where a string or integer belongs, a fraction or non-numeric
 * string for an integer, or an integer out of range.
 */
public final class HeaderJson {
    private static final ObjectMapper MAPPER = ScampJson.mapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    /** Names written from typed fields; an extra with one of these names is not written. */
    private static final Set<String> KNOWN = Set.of("type", "action", "sector", "version", "envelope", "request_id",
            "client_id", "ticket", "identifying_token", "error", "error_code", "error_data");

    private HeaderJson() {
    }

    /**
     * Decodes the readable bytes of {@code body}. The buffer is borrowed: it is not released
     * and its indices are not changed.
     *
     * @param body a HEADER packet's body (borrowed)
     * @return the header
     * @throws ProtocolException with {@link ProtocolViolation#MALFORMED_HEADER_JSON}
     */
    public static MessageHeader decode(ByteBuf body) {
        Objects.requireNonNull(body, "body");
        // JSON in UTF-8 never holds a NUL byte; Jackson would otherwise auto-detect UTF-16/32.
        int probe = Math.min(4, body.readableBytes());
        if (body.indexOf(body.readerIndex(), body.readerIndex() + probe, (byte) 0) >= 0) {
            throw malformed("body is not UTF-8 (NUL byte at the start)");
        }
        MessageHeader simple = HeaderReader.tryRead(body);
        return simple != null ? simple : decodeWithJackson(body);
    }

    /** {@link #decode} by Jackson alone: every input, every error. Package private for tests of the fast path. */
    static MessageHeader decodeWithJackson(ByteBuf body) {
        try (JsonParser p = parser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw malformed("expected a JSON object, got " + (first == null ? "no content" : first));
            }
            MessageHeader.Builder b = MessageHeader.builder();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                field(name, p, b);
            }
            JsonToken trailing = p.nextToken();
            if (t != JsonToken.END_OBJECT || trailing != null) {
                throw malformed("content after the JSON object: " + trailing);
            }
            return b.build();
        } catch (JsonProcessingException e) {
            throw malformed(e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed(e.toString());
        }
    }

    private static JsonParser parser(ByteBuf body) throws IOException {
        if (body.hasArray()) {
            return FACTORY.createParser(body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes());
        }
        // Headers are small: one copy into an array lets Jackson take its fastest input path.
        return FACTORY.createParser(ByteBufUtil.getBytes(body));
    }

    private static void field(String name, JsonParser p, MessageHeader.Builder b) throws IOException {
        switch (name) {
            case "type" -> b.type(string(p, name));
            case "action" -> b.action(string(p, name));
            case "sector" -> b.sector(string(p, name));
            case "envelope" -> b.envelope(string(p, name));
            case "ticket" -> b.ticket(string(p, name));
            case "identifying_token" -> b.identifyingToken(string(p, name));
            case "error" -> b.error(string(p, name));
            case "error_code" -> b.errorCode(string(p, name));
            case "version" -> b.version((int) flexInt(p, name, 1, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case "request_id" -> b.requestId(flexInt(p, name, 0, Long.MIN_VALUE, Long.MAX_VALUE));
            case "client_id" -> b.clientId(flexInt(p, name, 0, Long.MIN_VALUE, Long.MAX_VALUE));
            case "error_data" -> b.errorData(p.currentToken() == JsonToken.VALUE_NULL ? null : MAPPER.readTree(p));
            default -> b.extra(name, MAPPER.readTree(p));
        }
    }

    private static String string(JsonParser p, String name) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!t.isScalarValue()) {
            throw malformed("field " + name + " must be a string, got " + describe(p));
        }
        return p.getText();
    }

    /**
     * An integer sent as a number (integral, e.g. {@code 1} or {@code 1.0}) or as a string of
     * digits, within [min, max]; {@code null} gives the protocol default {@code dflt}.
     */
    private static long flexInt(JsonParser p, String name, long dflt, long min, long max) throws IOException {
        JsonToken t = p.currentToken();
        long v;
        try {
            if (t == JsonToken.VALUE_NULL) {
                return dflt;
            } else if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                v = p.getLongValue();
            } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                v = p.getDecimalValue().longValueExact(); // exact: 3.0 is 3, 1.5 and 1e30 fail
            } else if (t == JsonToken.VALUE_STRING && isDecimal(p.getText())) {
                v = Long.parseLong(p.getText());
            } else {
                throw malformed("field " + name + " must be an integer, got " + describe(p));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw malformed("field " + name + " must be an integer in " + min + ".." + max + ", got " + describe(p));
        }
        if (v < min || v > max) {
            throw malformed("field " + name + " must be an integer in " + min + ".." + max + ", got " + describe(p));
        }
        return v;
    }

    private static boolean isDecimal(String s) {
        int i = s.startsWith("-") ? 1 : 0;
        if (s.length() == i || s.length() - i > Ascii.MAX_LONG_DIGITS) {
            return false;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (!t.isScalarValue()) {
            return t.toString();
        }
        String s = t == JsonToken.VALUE_STRING ? '"' + p.getText() + '"' : p.getText();
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static ProtocolException malformed(String detail) {
        return new ProtocolException(ProtocolViolation.MALFORMED_HEADER_JSON, "HEADER body: " + detail);
    }

    /**
     * Appends {@code h} as one JSON object to {@code out} at its writer index. {@code out} is
     * borrowed (not released); it grows as needed. Known non-null fields come first: for a
     * request {@code version} and {@code client_id} are always written, otherwise only when not
     * the default; {@code request_id} is always written, except a 0 on an {@code event} or a
     * {@code notify} (which carry none, SCAMP.md §10). Extras follow in order, except those
     * named like a known field, which the typed field supersedes.
     *
     * @param h the header
     * @param out the buffer to append to (borrowed)
     * @throws java.io.UncheckedIOException if Jackson cannot write the header
     */
    public static void encode(MessageHeader h, ByteBuf out) {
        if (HeaderWriter.handles(h)) {
            HeaderWriter.write(h, out);
            return;
        }
        boolean request = h.isRequest();
        try (JsonGenerator g = FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(out), JsonEncoding.UTF8)) {
            g.writeStartObject();
            writeString(g, "type", h.type());
            writeString(g, "action", h.action());
            writeString(g, "sector", h.sector());
            if (request || h.version() != 1) {
                g.writeNumberField("version", h.version());
            }
            writeString(g, "envelope", h.envelope());
            if (h.requestId() != 0 || !MessageHeader.carriesNoRequestId(h.type())) {
                g.writeNumberField("request_id", h.requestId());
            }
            if (request || h.clientId() != 0) {
                g.writeNumberField("client_id", h.clientId());
            }
            writeString(g, "ticket", h.ticket());
            writeString(g, "identifying_token", h.identifyingToken());
            writeString(g, "error", h.error());
            writeString(g, "error_code", h.errorCode());
            if (h.errorData() != null) {
                g.writeFieldName("error_data");
                MAPPER.writeTree(g, h.errorData());
            }
            for (Map.Entry<String, JsonNode> e : h.extras().entrySet()) {
                if (!KNOWN.contains(e.getKey())) {
                    g.writeFieldName(e.getKey());
                    if (e.getValue() == null) {
                        g.writeNull();
                    } else {
                        MAPPER.writeTree(g, e.getValue());
                    }
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode header " + h, e);
        }
    }

    private static void writeString(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
