package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast header reader agrees with the Jackson path on what it accepts and defers the rest. */
class HeaderReaderTest {
    private static final String[] NAMES = {"type", "action", "sector", "envelope", "ticket", "identifying_token", "error",
            "error_code", "version", "request_id", "client_id", "error_data", "other"};
    private static final String[] VALUES = {"\"request\"", "\"\"", "\"a b\"", "\"7\"", "\"-3\"", "\"007\"", "\"x\\\"y\"",
            "\"é\"", "1", "0", "-0", "01", "1.5", "1e3", "-12", "123456789012345678", "1234567890123456789",
            "99999999999", "true", "false", "null", "[]", "{}", "nul", "tru", "\"\\u0041\""};

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"request\",\"action\":\"Bench.echo\",\"version\":1,\"envelope\":\"json\",\"request_id\":12,\"client_id\":0}",
        "{\"type\":\"reply\",\"request_id\":12}",
        "{\"envelope\":\"json\",\"identifying_token\":\"\",\"request_id\":1,\"type\":\"request\",\"client_id\":0,\"ticket\":\"\",\"version\":1,\"action\":\"api.status.health_check\"}",
        "{\"envelope\":\"json\",\"request_id\":1,\"error_code\":null,\"error\":null,\"type\":\"reply\"}",
        "{\"sector\":\"main\",\"ticket\":\"t\",\"action\":\"a\",\"error_code\":\"e\",\"request_id\":2}",
        " { \"type\" : \"reply\" ,\n\t\"request_id\" : \"5\" } ",
        "{}"})
    void commonHeadersTakeTheFastPathAndMatchJackson(String json) {
        ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            MessageHeader fast = HeaderReader.tryRead(buf);
            assertThat(fast).isNotNull().isEqualTo(HeaderJson.decodeWithJackson(buf));
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"error_data\":{\"a\":1}}", "{\"x\":1}", "{\"error\":\"say \\\"hi\\\"\"}", "{\"error\":\"é\"}",
            "{\"version\":1.0}", "{\"sectox\":\"a\"}", "{\"request_ix\":1}", "{\"error_codx\":1}", "{\"type\":\"a\",}", "{\"type\":\"a\"} x", "[]", "", "{\"version\":true}"})
    void anythingElseIsDeferred(String json) {
        ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            assertThat(HeaderReader.tryRead(buf)).isNull();
        } finally {
            buf.release();
        }
    }

    @Test
    void randomObjectsNeverDisagreeWithJackson() {
        Random random = new Random(42);
        int fast = 0;
        for (int i = 0; i < 20_000; i++) {
            String json = randomObject(random);
            ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
            try {
                MessageHeader quick = HeaderReader.tryRead(buf);
                Object slow;
                try {
                    slow = HeaderJson.decodeWithJackson(buf);
                } catch (ProtocolException e) {
                    slow = e;
                }
                if (quick != null) {
                    fast++;
                    assertThat(slow).as(json).isEqualTo(quick);
                }
            } finally {
                buf.release();
            }
        }
        assertThat(fast).as("objects the fast path accepted").isGreaterThan(1000);
    }

    private static String randomObject(Random random) {
        List<String> fields = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            String value = VALUES[random.nextInt(VALUES.length)];
            String space = random.nextInt(8) == 0 ? " " : "";
            fields.add("\"" + name + "\"" + space + ":" + space + value);
        }
        String body = "{" + String.join(",", fields) + "}";
        return random.nextInt(50) == 0 ? body.substring(0, random.nextInt(body.length())) : body;
    }
}
