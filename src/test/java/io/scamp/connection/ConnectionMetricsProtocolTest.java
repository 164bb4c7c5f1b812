package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.metrics.MeterNames;
import io.scamp.metrics.MicrometerMetrics;
import io.scamp.testing.ScriptedPeer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * What one connection reports to its metrics, against a scripted peer: a call timed to its reply
 * header and to the end of its body, error replies, timeouts, cancels and a lost connection as
 * outcomes, packets and bytes, a violation by kind, paused reads, window waits and the window a
 * message ended with, and why it closed.
 */
class ConnectionMetricsProtocolTest {
    private static final String REPLY_HEADER = "{\"type\":\"reply\",\"request_id\":1}";
    private static final String ADDRESS = "beepish+tls://127.0.0.1:30100";

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private ScriptedPeer peer;

    /** The connection under test: a client's, to {@link #ADDRESS}. */
    private ScriptedPeer peer(ConnectionSettings settings) {
        peer = new ScriptedPeer(settings, RequestDispatcher.NONE, null, MicrometerMetrics.client(registry, null).connection(ADDRESS));
        return peer;
    }

    @BeforeEach
    void start() {
        peer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ZERO).withWindowLimits(WindowLimits.fixed()));
    }

    @AfterEach
    void close() {
        peer.close();
    }

    private double count(String meter, String... tags) {
        return registry.find(meter).tags(tags).meters().stream().mapToDouble(m -> {
            if (m instanceof io.micrometer.core.instrument.Timer) {
                return ((io.micrometer.core.instrument.Timer) m).count();
            }
            return m.measure().iterator().next().getValue();
        }).sum();
    }

    private Reply requestAnswered(String replyHeader) {
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.action", Flux.empty())).subscribe(reply::set, e -> { });
        peer.received();
        peer.packet("HEADER", 0, replyHeader);
        return reply.get();
    }

    @Test
    void aCallIsTimedToItsReplyHeaderThenToTheEndOfItsBody() {
        Reply reply = requestAnswered(REPLY_HEADER);
        reply.body().subscribe();
        peer.packet("DATA", 0, "hello");

        assertThat(count(MeterNames.CALLS, "side", "client", "action", "Svc.action", "outcome", "ok", "error_code", "none")).isEqualTo(1);
        assertThat(count(MeterNames.CALLS_ACTIVE)).as("the body still streams").isEqualTo(1);
        peer.packet("EOF", 0, "");

        assertThat(count(MeterNames.CALLS_BODY, "outcome", "ok")).isEqualTo(1);
        assertThat(count(MeterNames.CALLS_ACTIVE)).isZero();
        assertThat(count(MeterNames.DATA_RECEIVED)).isEqualTo(5);
        assertThat(count(MeterNames.PACKETS_RECEIVED, "type", "header")).isEqualTo(1);
        assertThat(count(MeterNames.PACKETS_RECEIVED, "type", "data")).isEqualTo(1);
        assertThat(count(MeterNames.PACKETS_SENT, "type", "header")).isEqualTo(1);
        assertThat(count(MeterNames.PACKETS_SENT, "type", "eof")).isEqualTo(1);
        assertThat(count(MeterNames.PACKETS_SENT, "type", "ack")).isEqualTo(1);
        assertThat(count(MeterNames.CONNECTIONS_OPEN)).isEqualTo(1);
        assertThat(count(MeterNames.POOL_CONNECTIONS, "address", ADDRESS)).isEqualTo(1);
    }

    @Test
    void aRequestAPeerSendsToARequesterIsNotMeteredUnderTheActionItNamed() {
        peer.packet("HEADER", 0, "{\"type\":\"request\",\"action\":\"Peer.chosen.name\",\"version\":7,\"envelope\":\"json\",\"request_id\":9}");
        peer.packet("EOF", 0, "");

        assertThat(registry.find(MeterNames.CALLS).tag("action", "Peer.chosen.name").meters()).isEmpty();
        assertThat(registry.find(MeterNames.CALLS).meters()).as("no call of this client's own").isEmpty();
        assertThat(count(MeterNames.CALLS_ACTIVE)).isZero();
    }

    @Test
    void anErrorReplyEndsTheCallUnderItsCodeOrOther() {
        requestAnswered("{\"type\":\"reply\",\"request_id\":1,\"error_code\":\"a_code_of_the_peers\",\"error\":\"no\"}");

        assertThat(count(MeterNames.CALLS, "outcome", "error", "error_code", "other")).isEqualTo(1);
        assertThat(count(MeterNames.CALLS_ACTIVE)).isZero();
        assertThat(registry.find(MeterNames.CALLS_BODY).meters()).isEmpty();
    }

    @Test
    void aCancelledCallIsAnOutcome() {
        Disposable given = peer.connection().request(Request.of("Svc.given", Flux.empty())).subscribe(r -> { }, e -> { });
        peer.run();
        given.dispose();
        peer.run();

        assertThat(count(MeterNames.CALLS, "action", "Svc.given", "outcome", "cancelled")).isEqualTo(1);
        assertThat(count(MeterNames.CALLS_ACTIVE)).isZero();
    }

    @Test
    void aViolationIsCountedByKindAndClosesTheConnectionFailingItsCalls() {
        peer.connection().request(Request.of("Svc.action", Flux.empty())).subscribe(r -> { }, e -> { });
        peer.received();
        peer.send("EOF 7 0\r\nEND\r\n");

        assertThat(count(MeterNames.PROTOCOL_VIOLATIONS, "side", "client", "kind", "message_not_open")).isEqualTo(1);
        assertThat(count(MeterNames.CONNECTIONS_CLOSED, "cause", "protocol")).isEqualTo(1);
        assertThat(count(MeterNames.CALLS, "outcome", "transport")).isEqualTo(1);
        assertThat(count(MeterNames.CONNECTIONS_OPEN)).isZero();
        assertThat(registry.find(MeterNames.POOL_CONNECTIONS).meters()).as("the address's last connection is gone").isEmpty();
    }

    @Test
    void readsPausedForTheReceiveBudgetAreCounted() {
        peer.close();
        peer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ZERO).withMaxInflight(1 << 20)
                .withReceiveLimits(new ReceiveLimits(256 * 1024, 1024 * 1024, Duration.ofSeconds(2))));
        Reply reply = requestAnswered(REPLY_HEADER);
        String data = "DATA 0 65536\r\n" + "x".repeat(65536) + "END\r\n";
        for (int i = 0; i < 5; i++) {
            peer.send(data);
        }

        assertThat(peer.channel().config().isAutoRead()).isFalse();
        assertThat(count(MeterNames.READ_PAUSES, "reason", "budget")).isEqualTo(1);
        assertThat(count(MeterNames.READ_PAUSES, "reason", "output")).isZero();
        assertThat(count(MeterNames.DATA_RECEIVED)).isEqualTo(5 * 65536);
        reply.body().subscribe().dispose();
    }

    @Test
    void aMessageThatFillsItsWindowIsTimedWaitingAndItsWindowRecordedWhenItEnds() {
        peer.connection().request(Request.of("Svc.small", Flux.just(ByteBuffer.wrap(new byte[100])))).subscribe(r -> { }, e -> { });
        peer.connection().request(Request.of("Svc.upload", Flux.just(ByteBuffer.wrap(new byte[128 * 1024])))).subscribe(r -> { }, e -> { });
        peer.received();
        assertThat(count(MeterNames.WINDOW_WAIT)).as("one full window, not yet open").isZero();

        peer.packet("ACK", 1, "65536");
        peer.packet("ACK", 1, "131072");
        peer.received();

        assertThat(count(MeterNames.WINDOW_WAIT)).isEqualTo(2);
        assertThat(count(MeterNames.WINDOW)).as("only the message that filled its window").isEqualTo(1);
        assertThat(registry.find(MeterNames.WINDOW).summary().max()).isEqualTo(ConnectionSettings.DEFAULT_MAX_INFLIGHT);
        assertThat(count(MeterNames.DATA_SENT)).isEqualTo(100 + 128 * 1024);
    }

    @Test
    void anIdleConnectionClosesForIdle() {
        peer.close();
        registry.clear();
        peer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ofSeconds(1)));
        for (int i = 0; i < 6 && peer.channel().isOpen(); i++) {
            peer.advanceMillis(250);
        }

        assertThat(peer.channel().isOpen()).isFalse();
        assertThat(count(MeterNames.CONNECTIONS_CLOSED, "cause", "idle")).isEqualTo(1);
        assertThat(count(MeterNames.CONNECTIONS_CLOSED)).isEqualTo(1);
        assertThat(count(MeterNames.CONNECTIONS_OPENED)).isEqualTo(1);
    }
}
