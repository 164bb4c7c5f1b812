package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.ConnectionStalledException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.ScriptedPeer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * A peer that ignores the ACK window meets the receive budget: the connection stops reading
 * above its mark, reads again once the application consumes, and fails with a typed error when
 * nothing is consumed for the stall timeout; a requester that reads none of a service's output
 * stops the service's reads too, and either side is failed the same way when its output stands still.
 */
class ReceiveBudgetProtocolTest {
    private static final String REPLY_HEADER = "{\"type\":\"reply\",\"request_id\":1}";
    private static final int PACKET = 64 * 1024;
    private static final long MARK = 256 * 1024;

    private final ScriptedPeer peer = new ScriptedPeer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ZERO)
            .withMaxInflight(1 << 20) // bodies handed over whole (a quarter of the window is 256 KiB)
            .withReceiveLimits(new ReceiveLimits(MARK, 4 * MARK, Duration.ofSeconds(2))), RequestDispatcher.NONE);

    @AfterEach
    void close() {
        peer.close();
    }

    /** A request, its reply header, and {@code packets} DATA packets of 64 KiB the peer sends without waiting for ACKs. */
    private Reply replyFlooding(int packets) {
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.download", Flux.empty())).subscribe(reply::set);
        peer.packet("HEADER", 0, REPLY_HEADER);
        flood(packets);
        return reply.get();
    }

    private void flood(int packets) {
        String data = "DATA 0 " + PACKET + "\r\n" + "x".repeat(PACKET) + "END\r\n";
        for (int i = 0; i < packets; i++) {
            peer.send(data);
        }
    }

    private boolean reading() {
        return peer.channel().config().isAutoRead();
    }

    @Test
    void readsPauseOverTheMarkAndResumeOnceTheApplicationConsumes() {
        Reply reply = replyFlooding(4);
        assertThat(reading()).as("256 KiB waiting: at the mark").isTrue();

        flood(1);
        assertThat(reading()).as("320 KiB waiting, nobody consuming").isFalse();

        StepVerifier.create(reply.body(), 0)
                .thenRequest(2)
                .expectNextCount(2)
                .then(() -> assertThat(reading()).as("192 KiB waiting: over the low mark").isFalse())
                .thenRequest(1)
                .expectNextCount(1)
                .then(() -> assertThat(reading()).as("128 KiB waiting: at the low mark").isTrue())
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aFloodNobodyConsumesFailsTheConnectionWithTheFiguresAfterTheStallTimeout() {
        Reply reply = replyFlooding(6);
        assertThat(reading()).isFalse();

        peer.advanceMillis(1_000);
        assertThat(peer.channel().isOpen()).as("within the stall timeout").isTrue();
        peer.advanceMillis(1_600);

        assertThat(peer.channel().isOpen()).isFalse();
        assertThat(peer.connection().closeCause()).isInstanceOfSatisfying(ConnectionStalledException.class, e -> {
            assertThat(e.waitingBytes()).isEqualTo(6L * PACKET);
            assertThat(e.stalledFor()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(e.getMessage()).contains("393216 received bytes waiting").contains("none consumed");
        });
        StepVerifier.create(reply.body()).expectError(ConnectionStalledException.class).verify(Duration.ofSeconds(5));
    }

    /**
     * Requests the peer opens and never ends (HEADERs without EOF) cost the budget what they
     * hold: enough of them pause reads, and the connection fails at the stall timeout like a
     * DATA flood; messages that end give their cost back. (Replies are not charged: each
     * answers one of our pending requests, which the application bounds.)
     */
    @Test
    void openMessagesThatNeverEndCountAgainstTheBudgetAndStall() {
        int opened = 0;
        long counted = 0;
        while (counted + openCost(opened) <= MARK) {
            counted += openRequest(opened++);
        }
        assertThat(reading()).as("%d open requests, %d bytes: under the mark", opened, counted).isTrue();
        counted += openRequest(opened++);
        assertThat(reading()).as("one more: over the mark").isFalse();

        int ended = 0;
        while (counted > MARK / 2) {
            peer.send("EOF " + ended + " 0\r\nEND\r\n");
            counted -= openCost(ended++);
        }
        assertThat(reading()).as("%d of them ended: at the low mark", ended).isTrue();

        while (reading()) {
            openRequest(opened++);
        }
        peer.advanceMillis(2_600);
        assertThat(peer.channel().isOpen()).as("failed at the stall timeout").isFalse();
        assertThat(peer.connection().closeCause()).isInstanceOf(ConnectionStalledException.class);
    }

    /** Has the peer open request {@code i} (a HEADER, no EOF); returns its cost to the budget. */
    private long openRequest(int i) {
        peer.packet("HEADER", i, requestHeader(i));
        return openCost(i);
    }

    private static String requestHeader(int i) {
        return "{\"type\":\"request\",\"action\":\"Svc.open\",\"version\":1,\"envelope\":\"json\",\"request_id\":" + (i + 1) + "}";
    }

    private static long openCost(int i) {
        return IncomingMessage.OPEN_MESSAGE_BYTES + requestHeader(i).length();
    }

    @Test
    void slowConsumptionIsProgressNotAStall() {
        Reply reply = replyFlooding(12);
        AtomicReference<org.reactivestreams.Subscription> subscription = new AtomicReference<>();
        reply.body().subscribe(new reactor.core.publisher.BaseSubscriber<java.nio.ByteBuffer>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                subscription.set(s);
            }
        });

        for (int i = 0; i < 4; i++) {
            subscription.get().request(1);
            peer.advanceMillis(1_500); // one packet per 1.5 s, under the 2 s stall timeout: slow, not stalled
        }

        assertThat(reading()).as("512 KiB still waiting").isFalse();
        assertThat(peer.channel().isOpen()).isTrue();
        subscription.get().cancel();
    }

    /** A service's connection with the same limits: the side that stops reading while its output is not read. */
    private static ScriptedPeer servicePeer() {
        return new ScriptedPeer(ConnectionSettings.serverDefaults().withIdleTimeout(Duration.ZERO)
                .withReceiveLimits(new ReceiveLimits(MARK, 4 * MARK, Duration.ofSeconds(2))), req -> reactor.core.publisher.Mono.empty());
    }

    @Test
    void aRequesterThatReadsNoneOfOurOutputStopsOurReadsAndIsFailedAfterTheStallTimeout() {
        try (ScriptedPeer service = servicePeer()) {
            service.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            service.run();
            assertThat(service.channel().config().isAutoRead()).as("our output is not being read").isFalse();

            service.advanceMillis(2_600);

            assertThat(service.channel().isOpen()).isFalse();
            assertThat(service.connection().closeCause()).isInstanceOf(ConnectionStalledException.class)
                    .hasMessageContaining("read none of our output");
        }
    }

    @Test
    void writableAgainReadsAgain() {
        try (ScriptedPeer service = servicePeer()) {
            service.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            service.run();
            assertThat(service.channel().config().isAutoRead()).isFalse();

            service.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            service.run();
            service.advanceMillis(3_000);

            assertThat(service.channel().config().isAutoRead()).isTrue();
            assertThat(service.channel().isOpen()).isTrue();
        }
    }

    @Test
    void aServiceThatReadsNoneOfOurOutputLeavesOurReadsOnAndIsFailedAfterTheStallTimeout() {
        peer.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        peer.run();
        assertThat(reading()).as("a requester reads on: two peers that both stopped would wait for each other").isTrue();

        peer.advanceMillis(2_600);

        assertThat(peer.channel().isOpen()).isFalse();
        assertThat(peer.connection().closeCause()).isInstanceOf(ConnectionStalledException.class)
                .hasMessageContaining("read none of our output");
    }

    /** A peer on the default 64 KiB window with the same 2 s stall timeout, for the send side. */
    private static ScriptedPeer defaultWindowPeer() {
        return new ScriptedPeer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ZERO)
                .withReceiveLimits(new ReceiveLimits(MARK, 4 * MARK, Duration.ofSeconds(2))), RequestDispatcher.NONE);
    }

    @Test
    void aPeerThatAcknowledgesNothingOfAFullWindowIsFailedAfterTheStallTimeout() {
        try (ScriptedPeer sender = defaultWindowPeer()) {
            sender.connection().request(Request.of("Svc.upload", Flux.range(0, 64).map(i -> java.nio.ByteBuffer.allocate(16 * 1024))))
                    .subscribe(null, e -> { });
            sender.received(); // HEADER and the window's worth of DATA; no ACK ever comes
            assertThat(sender.channel().config().isAutoRead()).as("reads are not paused: only our send waits").isTrue();

            sender.advanceMillis(1_000);
            assertThat(sender.channel().isOpen()).isTrue();
            sender.advanceMillis(1_600);

            assertThat(sender.channel().isOpen()).isFalse();
            assertThat(sender.connection().closeCause()).isInstanceOf(ConnectionStalledException.class)
                    .hasMessageContaining("acknowledged none of our data");
        }
    }

    @Test
    void anAckEveryFewSecondsKeepsASlowPeersConnection() {
        try (ScriptedPeer sender = defaultWindowPeer()) {
            sender.connection().request(Request.of("Svc.upload", Flux.range(0, 64).map(i -> java.nio.ByteBuffer.allocate(16 * 1024))))
                    .subscribe(null, e -> { });
            sender.received();
            long acked = 0;
            for (int i = 0; i < 4; i++) {
                acked += 16 * 1024;
                sender.packet("ACK", 0, Long.toString(acked));
                sender.received();
                sender.advanceMillis(1_500); // under the 2 s stall timeout each time
            }

            assertThat(sender.channel().isOpen()).isTrue();
        }
    }
}
