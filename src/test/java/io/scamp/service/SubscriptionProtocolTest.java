package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.connection.ConnectionSettings;
import io.scamp.testing.ScriptedPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service side of SCAMP.md §10 against a scripted peer: the exact bytes of
 * {@code subscribe_done} and {@code event} messages, the snapshot after the answer, changes in
 * order, refusals, unsubscribing and notifications.
 */
class SubscriptionProtocolTest {
    private final PublishedData data = new PublishedData();
    private final List<Notification> notified = new ArrayList<>();
    private final ServiceDispatcher dispatcher = new ServiceDispatcher(
            new ActionRegistry(List.of(), null, ErrorReplyMapper.neutral(), 16, 16), data, notified::add, 1024 * 1024);
    private final ScriptedPeer peer = new ScriptedPeer(ConnectionSettings.serverDefaults().withIdleTimeout(java.time.Duration.ZERO),
            dispatcher);

    @AfterEach
    void close() {
        peer.close();
    }

    private void subscribe(long msgNo, long requestId, String filter) {
        peer.packet("HEADER", msgNo, "{\"type\":\"subscribe\",\"request_id\":" + requestId + "}")
                .packet("DATA", msgNo, filter)
                .packet("EOF", msgNo, "");
    }

    @Test
    void subscribeIsAnsweredWithSubscribeDoneThenTheSnapshotAsOneEvent() {
        data.publish("greet", "en", io.scamp.message.ScampJson.mapper().valueToTree("hello"));
        data.publish("greet", "fr", io.scamp.message.ScampJson.mapper().valueToTree("bonjour"));
        data.publish("other", "x", io.scamp.message.ScampJson.mapper().valueToTree(1));

        subscribe(0, 7, "[\"greet\"]");

        assertThat(peer.wire()).isEqualTo(
                "ACK 0 1\r\n9END\r\n" // the filter, consumed
                + "HEADER 0 40\r\n{\"type\":\"subscribe_done\",\"request_id\":7}END\r\n"
                + "HEADER 1 16\r\n{\"type\":\"event\"}END\r\n"
                + "DATA 0 4\r\ntrueEND\r\n"
                + "DATA 1 91\r\n[{\"code\":\"greet\",\"key\":\"en\",\"value\":\"hello\"},{\"code\":\"greet\",\"key\":\"fr\",\"value\":\"bonjour\"}]END\r\n"
                + "EOF 0 0\r\nEND\r\n"
                + "EOF 1 0\r\nEND\r\n");
        assertThat(data.subscribers()).isEqualTo(1);
    }

    @Test
    void anEmptySnapshotIsStillSentAndChangesFollowInOrder() {
        subscribe(0, 1, "[\"greet\"]");
        assertThat(peer.received()).containsExactly("ACK 0 9", "HEADER 0 {\"type\":\"subscribe_done\",\"request_id\":1}",
                "HEADER 1 {\"type\":\"event\"}", "DATA 0 true", "DATA 1 []", "EOF 0 ", "EOF 1 ");

        data.publish("greet", "en", io.scamp.message.ScampJson.mapper().valueToTree("hello"));
        assertThat(data.publish("greet", "en", io.scamp.message.ScampJson.mapper().valueToTree("hello"))).as("unchanged").isFalse();
        data.publish("other", "x", io.scamp.message.ScampJson.mapper().valueToTree(1)); // not in the filter
        data.publish("greet", "en", null);

        assertThat(peer.received()).containsExactly(
                "HEADER 2 {\"type\":\"event\"}", "DATA 2 [{\"code\":\"greet\",\"key\":\"en\",\"value\":\"hello\"}]", "EOF 2 ",
                "HEADER 3 {\"type\":\"event\"}", "DATA 3 [{\"code\":\"greet\",\"key\":\"en\",\"value\":null}]", "EOF 3 ");
    }

    @Test
    void aFilterOfElevenCodesIsRefusedWithFalse() {
        subscribe(0, 3, "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]");

        assertThat(peer.wire()).isEqualTo("ACK 0 2\r\n45END\r\n"
                + "HEADER 0 40\r\n{\"type\":\"subscribe_done\",\"request_id\":3}END\r\n"
                + "DATA 0 5\r\nfalseEND\r\nEOF 0 0\r\nEND\r\n");
        assertThat(data.subscribers()).isZero();
        assertThat(peer.channel().isOpen()).as("a refusal costs nothing else").isTrue();
    }

    @Test
    void tenCodesAreTakenAndBadFiltersAreRefused() {
        subscribe(0, 1, "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\"]");
        assertThat(peer.received()).contains("DATA 0 true");
        subscribe(1, 2, "{\"code\":\"a\"}");
        subscribe(2, 3, "[1]");
        subscribe(3, 4, "not json");
        assertThat(peer.received()).filteredOn(p -> p.startsWith("DATA")).containsExactly("DATA 2 false", "DATA 3 false", "DATA 4 false");
        assertThat(data.subscribers()).as("a refused filter ends the subscription there was").isZero();
    }

    @Test
    void nullUnsubscribesAndTheServiceStopsSending() {
        subscribe(0, 1, "[\"greet\"]");
        peer.received();
        subscribe(1, 2, "null");
        assertThat(peer.received()).containsExactly("ACK 1 4", "HEADER 2 {\"type\":\"subscribe_done\",\"request_id\":2}", "DATA 2 true", "EOF 2 ");
        assertThat(data.subscribers()).isZero();

        data.publish("greet", "en", io.scamp.message.ScampJson.mapper().valueToTree("hello"));

        assertThat(peer.received()).isEmpty();
    }

    @Test
    void aClosedConnectionIsForgotten() {
        subscribe(0, 1, "[\"greet\"]");
        peer.received();
        assertThat(data.subscribers()).isEqualTo(1);

        peer.connection().close();
        peer.run();

        assertThat(data.subscribers()).isZero();
    }

    @Test
    void aFilterBodyOverItsCapIsRefused() {
        String huge = "[\"" + "a".repeat(PeerMessages.MAX_FILTER_BYTES) + "\"]";
        peer.packet("HEADER", 0, "{\"type\":\"subscribe\",\"request_id\":1}").packet("DATA", 0, huge).packet("EOF", 0, "");

        assertThat(peer.received()).contains("DATA 0 false");
        assertThat(peer.channel().isOpen()).isTrue();
    }

    @Test
    void pastTheOpenMessageBoundTheNextIsDrainedUnreadAndAnsweredFalse() {
        for (int i = 0; i < PeerMessages.MAX_OPEN; i++) {
            peer.packet("HEADER", i, "{\"type\":\"notify\"}"); // open, never ended
        }
        assertThat(peer.received()).isEmpty();

        peer.packet("HEADER", PeerMessages.MAX_OPEN, "{\"type\":\"subscribe\",\"request_id\":9}");

        assertThat(peer.received()).containsExactly("HEADER 0 {\"type\":\"subscribe_done\",\"request_id\":9}", "DATA 0 false", "EOF 0 ");
        peer.packet("DATA", 0, "1").packet("EOF", 0, "");
        assertThat(notified).hasSize(1);
        peer.packet("HEADER", PeerMessages.MAX_OPEN + 1, "{\"type\":\"subscribe\",\"request_id\":10}")
                .packet("DATA", PeerMessages.MAX_OPEN + 1, "[]").packet("EOF", PeerMessages.MAX_OPEN + 1, "");
        assertThat(peer.received()).as("room again once one ended").contains("DATA 1 true");
    }

    @Test
    void pastTheServicesNotificationsBeingReadOneIsDrainedWhateverTheConnection() {
        ServiceDispatcher twoAtOnce = new ServiceDispatcher(
                new ActionRegistry(List.of(), null, ErrorReplyMapper.neutral(), 16, 16), data, notified::add, 1024 * 1024, 2);
        try (ScriptedPeer first = new ScriptedPeer(ConnectionSettings.serverDefaults().withIdleTimeout(java.time.Duration.ZERO), twoAtOnce);
                ScriptedPeer second = new ScriptedPeer(ConnectionSettings.serverDefaults().withIdleTimeout(java.time.Duration.ZERO),
                        twoAtOnce)) {
            first.packet("HEADER", 0, "{\"type\":\"notify\"}").packet("HEADER", 1, "{\"type\":\"notify\"}"); // open, held

            second.packet("HEADER", 0, "{\"type\":\"notify\"}").packet("DATA", 0, "3").packet("EOF", 0, "");
            assertThat(notified).as("drained: two are being read on another connection").isEmpty();

            first.packet("DATA", 0, "1").packet("EOF", 0, "");
            second.packet("HEADER", 1, "{\"type\":\"notify\"}").packet("DATA", 1, "4").packet("EOF", 1, "");
            assertThat(notified).extracting(n -> n.body().asInt()).containsExactly(1, 4);
            assertThat(second.channel().isOpen()).isTrue();
        }
    }

    @Test
    void aNotificationOverItsCapIsDropped() {
        String huge = "\"" + "a".repeat(PeerMessages.MAX_NOTIFY_BYTES) + "\"";
        peer.packet("HEADER", 0, "{\"type\":\"notify\"}");
        for (int i = 0; i < huge.length(); i += 100_000) {
            peer.packet("DATA", 0, huge.substring(i, Math.min(huge.length(), i + 100_000)));
        }
        peer.packet("EOF", 0, "");
        peer.packet("HEADER", 1, "{\"type\":\"notify\"}").packet("DATA", 1, "2").packet("EOF", 1, "");

        assertThat(notified).extracting(n -> n.body().asInt()).containsExactly(2);
        assertThat(peer.channel().isOpen()).isTrue();
    }

    @Test
    void aSubscribedConnectionStaysOpenWhileThePeerPingsAndClosesWhenItFallsSilent() {
        ScriptedPeer idling = new ScriptedPeer(ConnectionSettings.serverDefaults().withIdleTimeout(java.time.Duration.ofSeconds(1)),
                dispatcher);
        try {
            idling.packet("HEADER", 0, "{\"type\":\"subscribe\",\"request_id\":1}").packet("DATA", 0, "[\"a\"]").packet("EOF", 0, "");
            for (int i = 0; i < 20; i++) { // 5 s, five idle timeouts, with only heartbeats
                idling.advanceMillis(250);
                idling.packet("PING", i, "");
            }
            assertThat(idling.channel().isOpen()).as("kept open by the subscription while the peer is heard").isTrue();

            idling.advanceMillis(1500);

            assertThat(idling.channel().isOpen()).as("a silent subscriber idles out").isFalse();
            assertThat(data.subscribers()).isZero();
        } finally {
            idling.close();
        }
    }

    @Test
    void notifyReachesTheHandlerAndABadOneCostsOnlyThatMessage() {
        peer.packet("HEADER", 0, "{\"type\":\"notify\"}").packet("DATA", 0, "{\"x\":").packet("EOF", 0, "");
        peer.packet("HEADER", 1, "{\"type\":\"notify\"}").packet("DATA", 1, "{\"x\":").packet("DATA", 1, "1}").packet("EOF", 1, "");

        assertThat(notified).hasSize(1);
        assertThat(notified.get(0).body()).isEqualTo(io.scamp.message.ScampJson.mapper().valueToTree(Map.of("x", 1)));
        assertThat(notified.get(0).header().type()).isEqualTo("notify");
        assertThat(peer.channel().isOpen()).isTrue();
        assertThat(peer.received()).as("no reply to a notification").allMatch(p -> p.startsWith("ACK"));
    }
}
