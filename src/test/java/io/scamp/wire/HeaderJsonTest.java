package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.message.ScampJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HEADER JSON rules of SCAMP.md §5. */
class HeaderJsonTest {
    private static final String EXAMPLE_REQUEST = "{\"envelope\":\"json\",\"identifying_token\":\"\",\"request_id\":1,"
            + "\"type\":\"request\",\"client_id\":0,\"ticket\":\"\",\"version\":1,\"action\":\"api.status.health_check\"}";

    @Test
    void exampleRequestRoundTrips() {
        MessageHeader decoded = decode(EXAMPLE_REQUEST);
        MessageHeader built = MessageHeader.builder().type("request").action("api.status.health_check").envelope("json")
                .identifyingToken("").ticket("").requestId(1).clientId(0).version(1).build();
        assertThat(decoded).isEqualTo(built);
        String encoded = encode(built);
        assertThat(parses(encoded)).isTrue();
        assertThat(decode(encoded)).isEqualTo(built);
    }

    @Test
    void exampleReplyNullsBecomeJavaNull() {
        MessageHeader reply = decode("{\"envelope\":\"json\",\"request_id\":1,\"error_code\":null,\"error\":null,\"type\":\"reply\"}");
        assertThat(reply.isReply()).isTrue();
        assertThat(reply.isError()).isFalse();
        assertThat(reply.error()).isNull();
        assertThat(reply.errorCode()).isNull();
        assertThat(reply.requestId()).isEqualTo(1);
        assertThat(encode(reply)).isEqualTo("{\"type\":\"reply\",\"envelope\":\"json\",\"request_id\":1}");
    }

    @Test
    void defaultsWhenFieldsAreMissingOrNull() {
        MessageHeader empty = decode("{}");
        assertThat(empty).isEqualTo(MessageHeader.builder().build());
        assertThat(empty.version()).isEqualTo(1);
        assertThat(decode("{\"version\":null,\"request_id\":null,\"client_id\":null,\"type\":null,\"action\":null,"
                + "\"sector\":null,\"envelope\":null,\"ticket\":null,\"identifying_token\":null,\"error_data\":null}"))
                .isEqualTo(MessageHeader.builder().build());
    }

    @Test
    void flexIntegers() {
        MessageHeader h = decode("{\"version\":\"2\",\"request_id\":\"12345678901\",\"client_id\":\"-3\"}");
        assertThat(h.version()).isEqualTo(2);
        assertThat(h.requestId()).isEqualTo(12345678901L);
        assertThat(h.clientId()).isEqualTo(-3);
        assertThat(decode("{\"version\":3.0,\"request_id\":7E0,\"client_id\":9223372036854775807}").version()).isEqualTo(3);
        assertThat(decode("{\"client_id\":9223372036854775807}").clientId()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "\"\"", "\" 1\"", "\"1.5\"", "\"+1\"", "\"0x10\"", "\"\u0661\"", "1.5", "true", "{}", "[1]",
            "\"99999999999999999999\"", "99999999999999999999", "1e30"})
    void badIntegersAreMalformed(String value) {
        for (String field : List.of("version", "request_id", "client_id")) {
            assertMalformed("{\"" + field + "\":" + value + "}");
        }
    }

    @Test
    void versionMustFitAnInt() {
        assertMalformed("{\"version\":2147483648}");
        assertThat(decode("{\"version\":2147483647}").version()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void scalarsAreAcceptedAsStringsButContainersAreNot() {
        assertThat(decode("{\"error_code\":500,\"error\":true}").errorCode()).isEqualTo("500");
        assertThat(decode("{\"error\":true}").error()).isEqualTo("true");
        assertMalformed("{\"action\":{}}");
        assertMalformed("{\"ticket\":[\"x\"]}");
    }

    @Test
    void unknownFieldsAndEnvelopesAreKeptInOrder() {
        MessageHeader h = decode("{\"zeta\":1,\"type\":\"event\",\"envelope\":\"extdirect-2\",\"alpha\":{\"x\":[1,null]},"
                + "\"nothing\":null,\"flag\":true}");
        assertThat(h.type()).isEqualTo("event");
        assertThat(h.envelope()).isEqualTo("extdirect-2");
        assertThat(h.extras()).containsExactly(
                java.util.Map.entry("zeta", IntNode.valueOf(1)),
                java.util.Map.entry("alpha", tree("{\"x\":[1,null]}")),
                java.util.Map.entry("nothing", NullNode.getInstance()),
                java.util.Map.entry("flag", BooleanNode.TRUE));
        assertThat(decode(encode(h))).isEqualTo(h);
        // An event carries no request_id of its own (SCAMP.md §10, as scamp-js sends it): a 0 is not written.
        assertThat(encode(h)).isEqualTo("{\"type\":\"event\",\"envelope\":\"extdirect-2\","
                + "\"zeta\":1,\"alpha\":{\"x\":[1,null]},\"nothing\":null,\"flag\":true}");
    }

    @Test
    void errorDataIsAnyJsonValue() {
        MessageHeader h = decode("{\"type\":\"reply\",\"error\":\"down\",\"error_code\":\"transport\",\"error_data\":{\"dispatch_failure\":true}}");
        assertThat(h.isError()).isTrue();
        assertThat(h.errorData().get("dispatch_failure").asBoolean()).isTrue();
        assertThat(decode("{\"error_data\":\"text\"}").errorData()).isEqualTo(TextNode.valueOf("text"));
        assertThat(decode("{\"error_data\":[1,2]}").errorData()).isEqualTo(tree("[1,2]"));
        assertThat(decode(encode(h))).isEqualTo(h);
    }

    @Test
    void extrasNamedLikeKnownFieldsDoNotDuplicateKeys() {
        MessageHeader h = MessageHeader.builder().type("reply").requestId(4).extra("type", TextNode.valueOf("other")).build();
        assertThat(encode(h)).isEqualTo("{\"type\":\"reply\",\"request_id\":4}");
    }

    @Test
    void fullRoundTripIncludingUnicode() {
        MessageHeader h = MessageHeader.builder().type("request").action("Ns.Sub.act").sector("web").version(7)
                .envelope("jsonstore").requestId(99).clientId(123).ticket("1,2,3").identifyingToken("tok\"\\\u00e9\u20ac\ud83d\ude00")
                .error("e\n").errorCode("generic").errorData(tree("{\"a\":[1,2.5,\"x\"]}"))
                .extra("k", tree("[{}]")).build();
        String json = encode(h);
        assertThat(parses(json)).isTrue();
        assertThat(decode(json)).isEqualTo(h);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "null", "[]", "[{}]", "\"request\"", "1", "true", "{", "{\"type\":\"reply\"",
            "{\"type\":}", "{\"type\":\"reply\",}", "{} x", "{}{}", "{} []", "{\"a\":1}}", "{'type':'reply'}", "{type:\"reply\"}",
            "{\"a\":NaN}", "{\"a\":\"\u0001\"}"})
    void notExactlyOneObjectIsMalformed(String body) {
        assertMalformed(body);
    }

    @Test
    void invalidUtf8AndOtherEncodingsAreMalformed() {
        assertMalformed(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});
        assertMalformed(new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'});
        assertMalformed("{\"type\":\"reply\"}".getBytes(StandardCharsets.UTF_16BE));
        assertMalformed("{\"type\":\"reply\"}".getBytes(StandardCharsets.UTF_16LE));
        assertMalformed("{\"type\":\"reply\"}".getBytes(StandardCharsets.UTF_16));
        assertMalformed(new byte[] {'{', '}', 0});
    }

    @Test
    void deepNestingIsMalformedNotAStackOverflow() {
        assertMalformed("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
    }

    @Test
    void decodeReadsHeapDirectAndSlicedBuffersWithoutTouchingThem() {
        byte[] json = "xx{\"type\":\"reply\",\"request_id\":5}yy".getBytes(StandardCharsets.UTF_8);
        for (ByteBuf buf : List.of(Unpooled.buffer().writeBytes(json), ByteBufAllocator.DEFAULT.directBuffer().writeBytes(json),
                ByteBufAllocator.DEFAULT.heapBuffer().writeBytes(json))) {
            try {
                buf.readerIndex(2).writerIndex(json.length - 2);
                assertThat(HeaderJson.decode(buf).requestId()).isEqualTo(5);
                assertThat(HeaderJson.decode(buf.slice()).requestId()).isEqualTo(5);
                assertThat(buf.readerIndex()).isEqualTo(2);
                assertThat(buf.refCnt()).isEqualTo(1);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void encodeAppendsAtTheWriterIndex() {
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer().writeBytes("pre".getBytes(StandardCharsets.US_ASCII));
        try {
            HeaderJson.encode(MessageHeader.builder().type("reply").requestId(2).build(), out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("pre{\"type\":\"reply\",\"request_id\":2}");
        } finally {
            out.release();
        }
    }

    private static MessageHeader decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageHeader decode(byte[] json) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(json.length).writeBytes(json);
        try {
            return HeaderJson.decode(buf);
        } finally {
            buf.release();
        }
    }

    private static String encode(MessageHeader h) {
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        try {
            HeaderJson.encode(h, out);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static void assertMalformed(String json) {
        assertMalformed(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertMalformed(byte[] json) {
        assertThatThrownBy(() -> decode(json)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.violation()).isEqualTo(ProtocolViolation.MALFORMED_HEADER_JSON));
    }

    private static JsonNode tree(String json) {
        try {
            return ScampJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean parses(String json) {
        return tree(json).isObject();
    }
}
