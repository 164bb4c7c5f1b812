package io.scamp.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.message.ScampJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The HEADER body as JSON (SCAMP.md §5), read and written with Jackson's streaming API so
 * known fields cost no reflection.
 *
 * <p>Reading is lenient where the protocol says so: integer fields may arrive as strings of
 * digits, {@code null} stands for "absent", unknown fields are kept in
 * {@link MessageHeader#extras()}. Anything that is not one JSON object is
 * {@link ProtocolViolation#MALFORMED_HEADER_JSON}.
 */
public final class HeaderJson {
    private static final ObjectMapper MAPPER = ScampJson.mapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private HeaderJson() {
    }

    /** Parses a HEADER body; does not release {@code body} nor move its reader index. */
    public static MessageHeader decode(ByteBuf body) {
        try (JsonParser p = FACTORY.createParser((java.io.InputStream) new ByteBufInputStream(body.duplicate()))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("the HEADER body is not a JSON object");
            }
            MessageHeader.Builder h = MessageHeader.builder().version(1);
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                readField(p, name, h);
            }
            if (t != JsonToken.END_OBJECT) {
                throw malformed("the HEADER JSON object is not closed");
            }
            if (p.nextToken() != null) {
                throw malformed("trailing data after the HEADER JSON object");
            }
            return h.build();
        } catch (IOException e) {
            throw malformed("invalid HEADER JSON: " + e.getMessage().split("\n")[0]);
        }
    }

    private static void readField(JsonParser p, String name, MessageHeader.Builder h) throws IOException {
        switch (name) {
            case "type": h.type(string(p, name)); break;
            case "action": h.action(string(p, name)); break;
            case "sector": h.sector(string(p, name)); break;
            case "envelope": h.envelope(string(p, name)); break;
            case "ticket": h.ticket(string(p, name)); break;
            case "identifying_token": h.identifyingToken(string(p, name)); break;
            case "error": h.error(string(p, name)); break;
            case "error_code": h.errorCode(string(p, name)); break;
            case "version": {
                Long v = flexInt(p, name);
                if (v != null) {
                    if (v > Integer.MAX_VALUE) {
                        throw malformed("version out of range: " + v);
                    }
                    h.version(v.intValue());
                }
                break;
            }
            case "request_id": {
                Long v = flexInt(p, name);
                if (v != null) {
                    h.requestId(v);
                }
                break;
            }
            case "client_id": {
                Long v = flexInt(p, name);
                if (v != null) {
                    h.clientId(v);
                }
                break;
            }
            case "error_data": {
                JsonNode node = MAPPER.readTree(p);
                h.errorData(node == null || node.isNull() ? null : node);
                break;
            }
            default:
                h.extra(name, MAPPER.readTree(p));
        }
    }

    /** A string field; {@code null} is absent; numbers and booleans are taken as their text. */
    private static String string(JsonParser p, String name) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t.isScalarValue()) {
            return p.getText();
        }
        throw malformed("field '" + name + "' is not a string");
    }

    /** An integer that may arrive as a number or a string of digits ("flex int"); {@code null} if absent. */
    private static Long flexInt(JsonParser p, String name) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                throw malformed("field '" + name + "' is out of range");
            }
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().trim();
            if (s.isEmpty()) {
                return null;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw malformed("field '" + name + "' is not an integer: \"" + s + "\"");
            }
        }
        throw malformed("field '" + name + "' is not an integer");
    }

    /** Appends {@code header} as a JSON object to {@code out}. */
    public static void encode(MessageHeader header, ByteBuf out) {
        try (JsonGenerator g = FACTORY.createGenerator((java.io.OutputStream) new ByteBufOutputStream(out))) {
            g.writeStartObject();
            writeString(g, "type", header.type());
            writeString(g, "action", header.action());
            writeString(g, "sector", header.sector());
            if (header.isRequest() || header.version() != 1) {
                g.writeNumberField("version", header.version());
            }
            writeString(g, "envelope", header.envelope());
            g.writeNumberField("request_id", header.requestId());
            if (header.isRequest() || header.clientId() != 0) {
                g.writeNumberField("client_id", header.clientId());
            }
            writeString(g, "ticket", header.ticket());
            writeString(g, "identifying_token", header.identifyingToken());
            writeString(g, "error", header.error());
            writeString(g, "error_code", header.errorCode());
            if (header.errorData() != null) {
                g.writeFieldName("error_data");
                MAPPER.writeTree(g, header.errorData());
            }
            for (Map.Entry<String, JsonNode> e : header.extras().entrySet()) {
                g.writeFieldName(e.getKey());
                if (e.getValue() == null) {
                    g.writeNull();
                } else {
                    MAPPER.writeTree(g, e.getValue());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static ProtocolException malformed(String detail) {
        return new ProtocolException(ProtocolViolation.MALFORMED_HEADER_JSON, detail);
    }
}
