package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.testing.Fuzzing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the HEADER body readers with JSON-ish bytes, against a plain Jackson parse. The
 * contract: {@link HeaderJson#decode} gives a header or a {@link ProtocolException}
 * ({@link ProtocolViolation#MALFORMED_HEADER_JSON}), whether the body sits in a heap or a
 * direct buffer; {@link HeaderReader} either defers ({@code null}) or gives exactly what the
 * Jackson path gives, and only for bodies that are one JSON object; a body Jackson reads as an
 * object whose known fields hold scalars of the right kind is never refused; the buffer's
 * indices are never moved.
 */
class HeaderReaderFuzzTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final List<String> STRING_FIELDS = List.of("type", "action", "sector", "envelope", "ticket",
            "identifying_token", "error", "error_code");

    /** The HEADER bodies of the scamp-js captures. */
    static Stream<Arguments> interopHeaders() {
        List<byte[]> headers = new ArrayList<>();
        for (String capture : List.of("js-echo-client-to-server.bin", "js-echo-server-to-client.bin")) {
            for (WireTesting.Decoded p : WireTesting.decode(Fuzzing.fixture(capture)).packets()) {
                if (p.type() == PacketType.HEADER) {
                    headers.add(WireTesting.bytes(p.body()));
                }
            }
        }
        return Fuzzing.seeds(headers);
    }

    @MethodSource("interopHeaders")
    @FuzzTest
    @Timeout(10)
    void decodeHeader(byte[] input) {
        ByteBuf heap = Unpooled.wrappedBuffer(input);
        Object viaJackson = outcome(() -> HeaderJson.decodeWithJackson(heap));
        MessageHeader fast = HeaderReader.tryRead(heap);
        Object decoded = Fuzzing.allocatingAtMost(8L * 1024 * 1024 + 256L * input.length,
                "decoding a " + input.length + "-byte header", () -> outcome(() -> HeaderJson.decode(heap)));
        assertThat(heap.readerIndex()).isZero();
        assertThat(heap.readableBytes()).isEqualTo(input.length);

        boolean nulRefusal = decoded instanceof Refusal r && r.message().contains("NUL byte");
        if (fast != null) {
            assertThat(viaJackson).as("the Jackson path on what the fast path read").isEqualTo(fast);
            assertThat(decoded).isEqualTo(fast);
            assertThat(plainJackson(input, false)).as("what the fast path read, to plain Jackson").isInstanceOf(ObjectNode.class);
        } else if (!nulRefusal) {
            assertThat(decoded).as("decode() and the Jackson path").isEqualTo(viaJackson);
        }
        if (plainJackson(input, true) instanceof ObjectNode tree && acceptable(tree) && !nulRefusal) {
            assertThat(decoded).as("a well-formed header").isInstanceOf(MessageHeader.class);
            agree((MessageHeader) decoded, tree);
        }

        ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(input.length).writeBytes(input);
        try {
            assertThat(outcome(() -> HeaderJson.decode(direct))).as("decode() of the same bytes in a direct buffer").isEqualTo(decoded);
            assertThat(direct.readerIndex()).isZero();
        } finally {
            direct.release();
        }
    }

    /** The typed fields hold what plain Jackson read, where the tree keeps it exactly (strings, integers). */
    private static void agree(MessageHeader h, ObjectNode tree) {
        List<String> values = Arrays.asList(h.type(), h.action(), h.sector(), h.envelope(), h.ticket(), h.identifyingToken(),
                h.error(), h.errorCode());
        for (int i = 0; i < STRING_FIELDS.size(); i++) {
            JsonNode v = tree.get(STRING_FIELDS.get(i));
            if (v == null || v.isNull() || v.isTextual()) {
                assertThat(values.get(i)).as(STRING_FIELDS.get(i)).isEqualTo(v == null || v.isNull() ? null : v.asText());
            }
        }
        assertThat((long) h.version()).as("version").isEqualTo(integer(tree.get("version"), 1));
        assertThat(h.requestId()).as("request_id").isEqualTo(integer(tree.get("request_id"), 0));
        assertThat(h.clientId()).as("client_id").isEqualTo(integer(tree.get("client_id"), 0));
    }

    private static long integer(JsonNode v, long dflt) {
        return v == null || v.isNull() ? dflt : v.isTextual() ? Long.parseLong(v.asText()) : v.asLong();
    }

    /**
     * Whether every known field of {@code node} holds what §5 lets it hold: a scalar (or null)
     * for the strings, an integral number in range or a short decimal string (or null) for the
     * integers. A header like that is valid whatever else it carries.
     */
    private static boolean acceptable(JsonNode node) {
        for (String name : STRING_FIELDS) {
            JsonNode v = node.get(name);
            if (v != null && !v.isValueNode()) {
                return false;
            }
        }
        return integral(node.get("version"), Integer.MIN_VALUE, Integer.MAX_VALUE)
                && integral(node.get("request_id"), Long.MIN_VALUE, Long.MAX_VALUE)
                && integral(node.get("client_id"), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static boolean integral(JsonNode v, long min, long max) {
        if (v == null || v.isNull()) {
            return true;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() && v.asLong() >= min && v.asLong() <= max;
        }
        if (v.isTextual()) {
            return v.asText().matches("-?[0-9]{1,18}") && Long.parseLong(v.asText()) >= min && Long.parseLong(v.asText()) <= max;
        }
        return false;
    }

    /** The header, or the refusal; any other exception escapes and is a finding. */
    private static Object outcome(java.util.function.Supplier<MessageHeader> decode) {
        try {
            return decode.get();
        } catch (ProtocolException e) {
            assertThat(e.violation()).isEqualTo(ProtocolViolation.MALFORMED_HEADER_JSON);
            return new Refusal(e.getMessage());
        }
    }

    /** A refusal, comparable by message. */
    private record Refusal(String message) {
    }

    /**
     * Plain Jackson's reading of the bytes as exactly one JSON value, or its error; with
     * {@code strict}, duplicate names are an error too (the decoders judge every occurrence,
     * a tree keeps only the last).
     */
    private static Object plainJackson(byte[] input, boolean strict) {
        try {
            ObjectReader reader = JACKSON.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            return (strict ? reader.with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION) : reader).readValue(input);
        } catch (IOException e) {
            return e;
        }
    }
}
