package io.scamp.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.message.ScampJson;
import io.scamp.message.SubscriptionChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The JSON bodies of SCAMP's subscription messages (SCAMP.md §10), as scamp-js writes and reads
 * them: a {@code subscribe} body is an array of up to {@link #MAX_CODES} code strings, or
 * {@code null} to unsubscribe; a {@code subscribe_done} body is {@code true} or {@code false};
 * an {@code event} body is an array of {@code {"code":..,"key":..,"value":..}} records, a
 * {@code null} value deleting the key.
 */
public final class SubscriptionJson {
    /** The most codes a filter may name (scamp-js's limit); a longer filter is refused. */
    public static final int MAX_CODES = 10;

    private static final ObjectMapper MAPPER = ScampJson.mapper();

    private SubscriptionJson() {
    }

    /**
     * A filter's body.
     *
     * @param codes the codes, or {@code null} to unsubscribe
     * @return the JSON bytes
     */
    public static byte[] filter(Collection<String> codes) {
        if (codes == null) {
            return "null".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        ArrayNode array = MAPPER.createArrayNode();
        codes.forEach(array::add);
        return bytes(array);
    }

    /**
     * Reads a filter's body.
     *
     * @param body the body
     * @return the codes in order, duplicates dropped; {@code null} for a JSON {@code null} (unsubscribe)
     * @throws IllegalArgumentException if it is not {@code null} or an array of at most
     *     {@link #MAX_CODES} strings
     */
    public static List<String> readFilter(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("a filter must be JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("a filter must be a JSON array of code strings, got no content");
        }
        if (node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("a filter must be a JSON array of code strings, got " + node.getNodeType());
        }
        if (node.size() > MAX_CODES) {
            throw new IllegalArgumentException("a filter names at most " + MAX_CODES + " codes, got " + node.size());
        }
        java.util.LinkedHashSet<String> codes = new java.util.LinkedHashSet<>();
        for (JsonNode code : node) {
            if (!code.isTextual()) {
                throw new IllegalArgumentException("a filter's codes must be strings, got " + code.getNodeType());
            }
            codes.add(code.textValue());
        }
        return List.copyOf(codes);
    }

    /**
     * A {@code subscribe_done} body.
     *
     * @param accepted whether the filter was taken
     * @return {@code true} or {@code false} as bytes
     */
    public static byte[] done(boolean accepted) {
        return Boolean.toString(accepted).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Reads a {@code subscribe_done} body.
     *
     * @param body the body
     * @return whether the filter was taken
     * @throws ProtocolException with {@link ProtocolViolation#MALFORMED_EVENT} unless it is {@code true} or {@code false}
     */
    public static boolean readDone(byte[] body) {
        JsonNode node = tree(body, "subscribe_done");
        if (!node.isBoolean()) {
            throw malformed("a subscribe_done body must be true or false, got " + node.getNodeType());
        }
        return node.booleanValue();
    }

    /**
     * An {@code event} body.
     *
     * @param changes the records, in order
     * @return the JSON bytes
     */
    public static byte[] event(Collection<SubscriptionChange> changes) {
        ArrayNode array = MAPPER.createArrayNode();
        for (SubscriptionChange c : changes) {
            ObjectNode record = array.addObject();
            record.put("code", c.code());
            record.put("key", c.key());
            record.set("value", c.value() == null ? NullNode.getInstance() : c.value());
        }
        return bytes(array);
    }

    /**
     * How many bytes a record takes in an {@code event} body: its strings as encoded JSON
     * (UTF-8, escapes included) and the encoded value, plus the record's own punctuation at
     * most, for the bounds on published data and backlogs.
     *
     * @param code the code
     * @param key the key
     * @param value the value, or {@code null}
     * @return the bytes, at least 32
     */
    public static int recordSize(String code, String key, JsonNode value) {
        return 32 + jsonLength(code) + jsonLength(key) + (value == null ? 4 : bytes(value).length);
    }

    /** The bytes of {@code s} as a JSON string body: UTF-8, a control character as a six-byte escape. */
    private static int jsonLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                n += 6;
            } else if (c == '"' || c == '\\') {
                n += 2;
            } else if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else {
                n += 3; // a surrogate pair counts 6 for its 4 bytes: a bound, not an exact count
            }
        }
        return n;
    }

    /**
     * Reads an {@code event} body.
     *
     * @param body the body
     * @return the records, in order
     * @throws ProtocolException with {@link ProtocolViolation#MALFORMED_EVENT} unless it is an
     *     array of objects with a string {@code code}, a string {@code key} and a {@code value}
     */
    public static List<SubscriptionChange> readEvent(byte[] body) {
        JsonNode node = tree(body, "event");
        if (!node.isArray()) {
            throw malformed("an event body must be a JSON array, got " + node.getNodeType());
        }
        List<SubscriptionChange> out = new ArrayList<>(node.size());
        for (JsonNode record : node) {
            JsonNode code = record.get("code");
            JsonNode key = record.get("key");
            if (!record.isObject() || code == null || !code.isTextual() || key == null || !key.isTextual() || !record.has("value")) {
                throw malformed("an event record must be {\"code\":string,\"key\":string,\"value\":...}, got " + abbreviate(record));
            }
            out.add(new SubscriptionChange(code.textValue(), key.textValue(), record.get("value")));
        }
        return out;
    }

    private static JsonNode tree(byte[] body, String what) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw malformed("an empty " + what + " body");
            }
            return node;
        } catch (IOException e) {
            throw malformed("a " + what + " body that is not JSON: " + e.getMessage());
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static ProtocolException malformed(String detail) {
        return new ProtocolException(ProtocolViolation.MALFORMED_EVENT, detail);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
