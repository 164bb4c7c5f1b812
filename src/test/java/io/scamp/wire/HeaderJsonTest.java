package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HEADER JSON rules of SCAMP.md §5. */
class HeaderJsonTest {

    private static MessageHeader decode(String json) {
        ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            return HeaderJson.decode(buf);
        } finally {
            buf.release();
        }
    }

    private static String encode(MessageHeader h) {
        ByteBuf buf = Unpooled.buffer();
        try {
            HeaderJson.encode(h, buf);
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    @Test
    void integersMayArriveAsStrings() {
        MessageHeader h = decode("{\"type\":\"request\",\"request_id\":\"17\",\"client_id\":\"42\",\"version\":\"3\"}");

        assertThat(h.requestId()).isEqualTo(17);
        assertThat(h.clientId()).isEqualTo(42);
        assertThat(h.version()).isEqualTo(3);
    }

    @Test
    void nullStandsForAbsentAndDefaultsApply() {
        MessageHeader h = decode("{\"type\":\"reply\",\"request_id\":5,\"error\":null,\"error_code\":null,\"ticket\":null,\"version\":null,\"error_data\":null}");

        assertThat(h.error()).isNull();
        assertThat(h.errorCode()).isNull();
        assertThat(h.ticket()).isNull();
        assertThat(h.version()).isEqualTo(1);
        assertThat(h.errorData()).isNull();
        assertThat(h.isError()).isFalse();
    }

    @Test
    void missingTypeReadsAsReply() {
        assertThat(decode("{\"request_id\":1}").isReply()).isTrue();
    }

    @Test
    void unknownFieldsAndEnvelopesAreKept() {
        MessageHeader h = decode("{\"type\":\"request\",\"envelope\":\"carrier-pigeon\",\"trace\":{\"id\":[1,2]},\"flag\":true}");

        assertThat(h.envelope()).isEqualTo("carrier-pigeon");
        assertThat(h.extras()).containsOnlyKeys("trace", "flag");
        assertThat(h.extras().get("trace").get("id").get(1).asInt()).isEqualTo(2);
        assertThat(encode(h)).contains("\"trace\":{\"id\":[1,2]}").contains("\"flag\":true").contains("\"envelope\":\"carrier-pigeon\"");
    }

    @Test
    void errorDataIsKeptAsJson() {
        MessageHeader h = decode("{\"type\":\"reply\",\"request_id\":1,\"error_code\":\"transport\",\"error\":\"x\",\"error_data\":{\"dispatch_failure\":true}}");

        assertThat(h.isError()).isTrue();
        assertThat(h.errorData().get("dispatch_failure").asBoolean()).isTrue();
    }

    @Test
    void roundTripKeepsEveryField() {
        MessageHeader h = MessageHeader.builder().type("request").action("A.b.c").sector("main").version(2).envelope("jsonstore")
                .requestId(99).clientId(7).ticket("t").identifyingToken("tok").errorData(JsonNodeFactory.instance.objectNode().put("k", 1))
                .extra("x", JsonNodeFactory.instance.textNode("y")).build();

        assertThat(decode(encode(h))).isEqualTo(h);
    }

    @Test
    void requestsCarryVersionAndClientIdRepliesStaySmall() {
        assertThat(encode(MessageHeader.builder().type("reply").requestId(1).build())).isEqualTo("{\"type\":\"reply\",\"request_id\":1}");
        assertThat(encode(MessageHeader.builder().type("request").action("A.b").requestId(1).build()))
                .isEqualTo("{\"type\":\"request\",\"action\":\"A.b\",\"version\":1,\"request_id\":1,\"client_id\":0}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "\"text\"", "42", "{\"type\":", "{\"a\":1}}", "{\"a\":1} x", "", "{\"request_id\":\"abc\"}",
        "{\"request_id\":1.5}", "{\"version\":[1]}", "{\"action\":{}}", "{\"request_id\":123456789012345678901234567890}"})
    void anythingButAJsonObjectIsMalformed(String json) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.violation()).isEqualTo(ProtocolViolation.MALFORMED_HEADER_JSON));
    }

    @Test
    void invalidUtf8IsMalformed() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        try {
            assertThatThrownBy(() -> HeaderJson.decode(buf)).isInstanceOf(ProtocolException.class);
        } finally {
            buf.release();
        }
    }
}
