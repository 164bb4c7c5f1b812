package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.ScampJson;
import io.scamp.testing.ScriptedPeer;
import io.scamp.wire.PacketEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A header that cannot be encoded (over 128 KiB) never takes a message number and never harms the connection. */
class OversizedHeaderTest {
    private static final String BIG = "x".repeat(PacketEncoder.MAX_BODY + 1);

    private ScriptedPeer peer = new ScriptedPeer();

    @AfterEach
    void close() {
        peer.close();
    }

    private static String requestHeader(long requestId) {
        return "{\"type\":\"request\",\"action\":\"Svc.act\",\"request_id\":" + requestId + "}";
    }

    @Test
    void aRequestWhoseHeaderCannotBeEncodedFailsAtOnceAndTheNextTakesItsMessageNumber() {
        Request big = Request.builder("Svc.big").headerField("blob", TextNode.valueOf(BIG)).build();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        peer.connection().request(big, Duration.ofSeconds(5)).subscribe(r -> { }, failure::set);
        peer.connection().request(Request.of("Svc.small", Flux.just(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8))))).subscribe(r -> { }, e -> { });

        List<String> out = peer.received();

        assertThat(failure.get()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(PacketEncoder.MAX_BODY));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).startsWith("HEADER 0 {").contains("\"action\":\"Svc.small\"").contains("\"request_id\":1");
        assertThat(out.subList(1, 3)).containsExactly("DATA 0 {}", "EOF 0 ");
        assertThat(peer.channel().isOpen()).isTrue();
    }

    @Test
    void aRequestWithAHugeFieldOfTheFastPathFailsTheSameWay() {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        peer.connection().request(Request.builder("Svc.big").ticket(BIG).build()).subscribe(r -> { }, failure::set);
        peer.connection().request(Request.of("Svc.small", Flux.empty())).subscribe(r -> { }, e -> { });

        List<String> out = peer.received();

        assertThat(failure.get()).isInstanceOf(IllegalArgumentException.class);
        assertThat(out.get(0)).startsWith("HEADER 0 {").contains("\"action\":\"Svc.small\"");
    }

    @Test
    void aReplyWhoseHeaderCannotBeEncodedBecomesAGenericErrorAndTheServiceStillDrains() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("blob", BIG);
        serve(req -> Mono.just(Reply.error("bad", "too much data", data)));

        peer.packet("HEADER", 0, requestHeader(1)).packet("EOF", 0, "");
        peer.packet("HEADER", 1, requestHeader(2)).packet("EOF", 1, "");
        List<String> out = peer.received();

        assertThat(out).hasSize(4);
        assertThat(out.get(0)).startsWith("HEADER 0 {").contains("\"request_id\":1").contains("\"error_code\":\"generic\"")
                .doesNotContain("blob");
        assertThat(out.get(0).length()).isLessThan(512);
        assertThat(out.get(1)).isEqualTo("EOF 0 ");
        assertThat(out.get(2)).startsWith("HEADER 1 {").contains("\"request_id\":2");
        assertThat(out.get(3)).isEqualTo("EOF 1 ");

        peer.connection().drain();
        peer.run();
        assertThat(peer.channel().isOpen()).as("drained and closed").isFalse();
    }

    @Test
    void aLongErrorTextIsCutToTheCap() throws Exception {
        serve(req -> Mono.error(new RemoteActionException("long_text", "y".repeat(1_000_000), null)));

        peer.packet("HEADER", 0, requestHeader(1)).packet("EOF", 0, "");
        List<String> out = peer.received();

        assertThat(out).hasSize(2);
        String json = out.get(0).substring("HEADER 0 ".length());
        var header = ScampJson.mapper().readTree(json);
        assertThat(header.get("error_code").asText()).isEqualTo("long_text");
        assertThat(header.get("error").asText()).hasSize(Reply.MAX_ERROR_TEXT).startsWith("yyyy").endsWith(Reply.ERROR_TEXT_CUT);
        assertThat(out.get(1)).isEqualTo("EOF 0 ");
    }

    private void serve(RequestDispatcher dispatcher) {
        peer.close();
        peer = new ScriptedPeer(ConnectionSettings.serverDefaults().withIdleTimeout(Duration.ZERO), dispatcher);
    }
}
