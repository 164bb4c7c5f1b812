package io.scamp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.connection.ConnectionSettings;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.message.SubscriptionChange;
import io.scamp.message.SubscriptionRefusedException;
import io.scamp.testing.ScriptedPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The requester side of SCAMP.md §10 against a scripted service: the exact bytes of
 * {@code subscribe} and {@code notify}, the snapshot in either order scamp-js and the spec
 * allow, changes, refusal, malformed events and cancelling.
 */
class SubscriptionClientProtocolTest {
    private ConnectionSettings settings = ConnectionSettings.clientDefaults().withIdleTimeout(java.time.Duration.ZERO)
            .withWindowLimits(io.scamp.connection.WindowLimits.fixed());
    private ScriptedPeer peer;
    private final List<SubscriptionState> states = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Disposable subscription;

    @AfterEach
    void close() {
        if (subscription != null) {
            subscription.dispose();
        }
        if (peer != null) {
            peer.close();
        }
    }

    private void subscribe(String... codes) {
        subscription = Flux.<SubscriptionState>create(sink -> new SubscriptionSession(inbox -> {
            peer = new ScriptedPeer(settings, inbox);
            return Mono.just(peer.connection());
        }, "scripted", List.of(codes), sink, () -> false).start()).subscribe(states::add, failure::set);
    }

    private void message(long msgNo, String header, String body) {
        peer.packet("HEADER", msgNo, header).packet("DATA", msgNo, body).packet("EOF", msgNo, "");
    }

    @Test
    void subscribeIsOneMessageWithTheFilterAsItsBody() {
        subscribe("greet", "announce");

        assertThat(peer.wire()).isEqualTo("HEADER 0 35\r\n{\"type\":\"subscribe\",\"request_id\":1}END\r\n"
                + "DATA 0 20\r\n[\"greet\",\"announce\"]END\r\n"
                + "EOF 0 0\r\nEND\r\n");
    }

    @Test
    void theSnapshotComesFirstInScampJsOrderThenChanges() {
        subscribe("greet");
        peer.received();
        // scamp-js sends its snapshot event before subscribe_done, with these exact headers.
        message(0, "{\"type\":\"event\"}", "[{\"code\":\"greet\",\"key\":\"en\",\"value\":\"hello\"}]");
        message(1, "{\"request_id\":1,\"type\":\"subscribe_done\"}", "true");

        assertThat(states).hasSize(1);
        assertThat(states.get(0).kind()).isEqualTo(SubscriptionState.Kind.SNAPSHOT);
        assertThat(states.get(0).get("greet", "en").asText()).isEqualTo("hello");

        message(2, "{\"type\":\"event\"}", "[{\"code\":\"greet\",\"key\":\"fr\",\"value\":\"salut\"},{\"code\":\"greet\",\"key\":\"en\",\"value\":null}]");

        assertThat(states).hasSize(2);
        SubscriptionState change = states.get(1);
        assertThat(change.kind()).isEqualTo(SubscriptionState.Kind.CHANGE);
        assertThat(change.get("greet")).containsOnlyKeys("fr");
        assertThat(change.changes()).containsExactly(new SubscriptionChange("greet", "fr", com.fasterxml.jackson.databind.node.TextNode.valueOf("salut")),
                new SubscriptionChange("greet", "en", null));
        assertThat(states.get(0).get("greet")).as("states are immutable").containsOnlyKeys("en");
    }

    @Test
    void eventsAreAppliedInTheOrderOfTheirHeadersWhateverOrderTheirBodiesEnd() {
        subscribe("n");
        peer.received();
        message(0, "{\"type\":\"subscribe_done\",\"request_id\":1}", "true");
        peer.packet("HEADER", 1, "{\"type\":\"event\"}").packet("HEADER", 2, "{\"type\":\"event\"}")
                .packet("DATA", 2, "[{\"code\":\"n\",\"key\":\"v\",\"value\":2}]").packet("EOF", 2, "");
        assertThat(states).as("the snapshot is not complete yet").isEmpty();
        peer.packet("DATA", 1, "[{\"code\":\"n\",\"key\":\"v\",\"value\":1}]").packet("EOF", 1, "");

        assertThat(states).last().satisfies(s -> assertThat(s.get("n", "v").asInt()).isEqualTo(2));
    }

    @Test
    void refusalFailsTheFluxAndClosesTheConnection() {
        subscribe("a");
        peer.received();
        message(0, "{\"type\":\"subscribe_done\",\"request_id\":1}", "false");

        assertThat(failure.get()).isInstanceOf(SubscriptionRefusedException.class);
        peer.run();
        assertThat(peer.channel().isOpen()).isFalse();
    }

    @Test
    void aMalformedEventFailsTheConnectionWithATypedError() {
        subscribe("a");
        peer.received();
        message(0, "{\"type\":\"event\"}", "{\"not\":\"an array\"}");

        assertThat(peer.connection().closeCause()).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.violation()).isEqualTo(ProtocolViolation.MALFORMED_EVENT));
        assertThat(failure.get()).as("the subscription reconnects instead of failing").isNull();
    }

    @Test
    void tooManyOpenEventsFailTheConnection() {
        subscribe("a");
        peer.received();
        for (int i = 0; i <= EventInbox.MAX_OPEN; i++) {
            peer.packet("HEADER", i, "{\"type\":\"event\"}");
        }

        assertThat(peer.connection().closeCause()).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.violation()).isEqualTo(ProtocolViolation.EVENT_BACKLOG));
    }

    @Test
    void eventBodiesPastTheByteBoundFailTheConnection() {
        subscribe("a");
        peer.received();
        peer.packet("HEADER", 0, "{\"type\":\"event\"}");
        String chunk = "x".repeat(128 * 1024);
        for (long sent = 0; sent <= EventInbox.MAX_BYTES && peer.channel().isOpen(); sent += chunk.length()) {
            peer.packet("DATA", 0, chunk);
        }

        assertThat(peer.connection().closeCause()).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.violation()).isEqualTo(ProtocolViolation.EVENT_BACKLOG));
    }

    @Test
    void moreKeysThanASubscriptionHoldsFailTheConnection() {
        subscribe("a");
        peer.received();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i <= SubscriptionSession.MAX_KEYS; i++) {
            body.append(i == 0 ? "" : ",").append("{\"code\":\"a\",\"key\":\"k").append(i).append("\",\"value\":1}");
        }
        String event = body.append(']').toString();
        peer.packet("HEADER", 0, "{\"type\":\"event\"}");
        for (int i = 0; i < event.length(); i += 100_000) {
            peer.packet("DATA", 0, event.substring(i, Math.min(event.length(), i + 100_000)));
        }
        peer.packet("EOF", 0, "");

        assertThat(peer.connection().closeCause()).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.violation()).isEqualTo(ProtocolViolation.EVENT_BACKLOG));
        assertThat(states).as("the oversized state is never handed out").isEmpty();
    }

    @Test
    void cancellingUnsubscribesThenCloses() {
        subscribe("a");
        peer.received();
        message(0, "{\"type\":\"subscribe_done\",\"request_id\":1}", "true");
        message(1, "{\"type\":\"event\"}", "[]");
        peer.received();

        subscription.dispose();

        assertThat(peer.received()).containsExactly("HEADER 1 {\"type\":\"subscribe\",\"request_id\":2}", "DATA 1 null", "EOF 1 ");
        peer.run();
        assertThat(peer.channel().isOpen()).isFalse();
    }

    @Test
    void heartbeatsKeepASubscriptionConnectionAliveWithoutEvents() {
        settings = settings.withIdleTimeout(java.time.Duration.ofSeconds(1)).withHeartbeat(java.time.Duration.ofMillis(200));
        subscribe("a");
        message(0, "{\"type\":\"subscribe_done\",\"request_id\":1}", "true");
        message(1, "{\"type\":\"event\"}", "[]");
        peer.received();
        for (int i = 0; i < 25; i++) { // 5 s, five idle timeouts
            peer.advanceMillis(200);
            assertThat(peer.received()).as("a PING per heartbeat").contains("PING " + i + " ");
            peer.packet("PONG", i, "");
        }
        assertThat(peer.channel().isOpen()).isTrue();
        assertThat(states).hasSize(1);
    }

    @Test
    void notifyIsOneMessageWithoutRequestId() {
        peer = new ScriptedPeer();
        AtomicReference<Throwable> done = new AtomicReference<>(new AssertionError("not called"));
        peer.connection().sendMessage(MessageHeader.builder().build(), MessageHeader.TYPE_NOTIFY, 0,
                io.scamp.message.Bodies.json(java.util.Map.of("a", 1)), done::set);

        assertThat(peer.wire()).isEqualTo("HEADER 0 17\r\n{\"type\":\"notify\"}END\r\nDATA 0 7\r\n{\"a\":1}END\r\nEOF 0 0\r\nEND\r\n");
        assertThat(done.get()).as("written").isNull();
    }
}
