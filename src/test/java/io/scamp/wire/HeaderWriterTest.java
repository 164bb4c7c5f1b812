package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.scamp.message.MessageHeader;
import io.scamp.message.ScampJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written header writer gives exactly the bytes Jackson gives, and they decode back. */
class HeaderWriterTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "quote \" and backslash \\", "controls \b\t\n\f\r \u0000 \u0001 \u001f \u007f",
            "latin é ß", "bmp 漢字 \u2028 \uffff", "astral 😀𝄞", "slash / stays"})
    void stringsMatchJackson(String text) throws Exception {
        MessageHeader h = MessageHeader.builder().type("request").action(text).sector(text).envelope(text)
                .ticket(text).identifyingToken(text).error(text).errorCode(text).version(-7).requestId(Long.MAX_VALUE)
                .clientId(Long.MIN_VALUE).build();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "request");
        fields.put("action", text);
        fields.put("sector", text);
        fields.put("version", -7);
        fields.put("envelope", text);
        fields.put("request_id", Long.MAX_VALUE);
        fields.put("client_id", Long.MIN_VALUE);
        fields.put("ticket", text);
        fields.put("identifying_token", text);
        fields.put("error", text);
        fields.put("error_code", text);
        byte[] jackson = ScampJson.mapper().writeValueAsBytes(fields);

        ByteBuf out = Unpooled.buffer();
        try {
            HeaderWriter.write(h, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(new String(jackson, StandardCharsets.UTF_8));
            assertThat(HeaderJson.decode(out)).isEqualTo(h);
        } finally {
            out.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "a\udc00b", "end\ud83d"})
    void unpairedSurrogatesBecomeEscapesThatDecodeBack(String text) {
        MessageHeader h = MessageHeader.builder().type("reply").error(text).build();
        ByteBuf out = Unpooled.buffer();
        try {
            HeaderWriter.write(h, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("\\u" + String.format("%04X", (int) text.chars()
                    .filter(c -> Character.isSurrogate((char) c)).findFirst().getAsInt()));
            assertThat(HeaderJson.decode(out).error()).isEqualTo(text);
        } finally {
            out.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 70_000})
    void longValuesAndAGrownScratchStillWork(int length) {
        String text = "x".repeat(length);
        MessageHeader h = MessageHeader.builder().type("reply").error(text).requestId(3).build();
        ByteBuf out = Unpooled.buffer();
        try {
            HeaderJson.encode(h, out);
            assertThat(HeaderJson.decode(out)).isEqualTo(h);
            assertThat(TextNode.valueOf(text).toString()).isEqualTo("\"" + text + "\"");
        } finally {
            out.release();
        }
    }
}
