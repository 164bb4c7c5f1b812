package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import io.scamp.testing.ScriptedPeer;
import io.scamp.testing.TestBodies;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The multiplexer against a scripted peer: numbering, ACK rules, windows, fatal cases. */
class ConnectionProtocolTest {
    private static final String REPLY_HEADER = "{\"type\":\"reply\",\"request_id\":1}";

    private ScriptedPeer peer = new ScriptedPeer();

    @AfterEach
    void close() {
        peer.close();
    }

    private static Flux<ByteBuffer> text(String s) {
        return Flux.just(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void requestIsHeaderDataEofWithSequentialIds() {
        peer.connection().request(Request.of("Svc.action", text("{}"))).subscribe();
        peer.connection().request(Request.of("Svc.other", Flux.empty())).subscribe();

        List<String> out = peer.received();

        assertThat(out).hasSize(5);
        assertThat(out.get(0)).startsWith("HEADER 0 {").contains("\"request_id\":1").contains("\"type\":\"request\"").contains("\"action\":\"Svc.action\"");
        assertThat(out.get(1)).startsWith("HEADER 1 {").contains("\"request_id\":2");
        assertThat(out).contains("DATA 0 {}", "EOF 0 ", "EOF 1 ");
        assertThat(out.indexOf("DATA 0 {}")).isLessThan(out.indexOf("EOF 0 "));
    }

    @Test
    void ackIsSentWhenTheApplicationConsumesNotOnArrival() {
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.action", Flux.empty())).subscribe(reply::set);
        peer.received();
        peer.packet("HEADER", 0, REPLY_HEADER).packet("DATA", 0, "hello").packet("DATA", 0, "world!");

        StepVerifier.FirstStep<String> step = StepVerifier.create(reply.get().body().map(b -> StandardCharsets.UTF_8.decode(b).toString()), 0);
        step.expectSubscription().then(() -> assertThat(peer.received()).isEmpty())
                .thenRequest(1).expectNext("hello")
                .then(() -> assertThat(peer.received()).containsExactly("ACK 0 5"))
                .thenRequest(1).expectNext("world!")
                .then(() -> assertThat(peer.received()).containsExactly("ACK 0 11"))
                .then(() -> peer.packet("EOF", 0, ""))
                .verifyComplete();
    }

    @Test
    void acksForSeveralConsumedPacketsInOneTurnAreCoalesced() {
        List<ByteBuffer> got = replyBodyCollected();

        peer.send("DATA 0 3\r\nabcEND\r\nDATA 0 2\r\ndeEND\r\nDATA 0 1\r\nfEND\r\n");

        assertThat(got).hasSize(3);
        assertThat(peer.received()).containsExactly("ACK 0 6");
    }

    @Test
    void aBulkPacketIsAckedAtOnceWithinTheTurnSmallOnesAtItsEnd() {
        List<ByteBuffer> got = replyBodyCollected();

        String big = "x".repeat(IncomingMessage.EAGER_ACK_BYTES);
        peer.send("DATA 0 3\r\nabcEND\r\nDATA 0 " + big.length() + "\r\n" + big + "END\r\nDATA 0 2\r\ndeEND\r\n");

        assertThat(got).hasSize(3);
        long eager = 3 + big.length();
        assertThat(peer.received()).containsExactly("ACK 0 " + eager, "ACK 0 " + (eager + 2));
    }

    /**
     * A grown window's 128 KiB packets cost one ACK each: a body larger than this side's window
     * (64 KiB) comes from a sender whose window has grown past it, and is not split.
     */
    @Test
    void fullSizePacketsOfAGrownWindowCostOneAckEach() {
        List<ByteBuffer> got = replyBodyCollected();
        String full = "x".repeat(128 * 1024);
        for (int i = 0; i < 8; i++) {
            peer.send("DATA 0 " + full.length() + "\r\n" + full + "END\r\n");
        }
        assertThat(got).as("one buffer per packet").hasSize(8);
        long bytes = got.stream().mapToLong(ByteBuffer::remaining).sum();
        assertThat(bytes).isEqualTo(8L * full.length());
        List<String> acks = peer.received().stream().filter(p -> p.startsWith("ACK")).toList();
        assertThat(acks).hasSizeLessThanOrEqualTo(8).last().isEqualTo("ACK 0 " + bytes);
    }

    @Test
    void aBodyOfTheWholeWindowIsStillSplitOneByteMoreIsNot() {
        List<ByteBuffer> got = replyBodyCollected();
        int window = ConnectionSettings.clientDefaults().maxInflight();
        peer.send("DATA 0 " + window + "\r\n" + "x".repeat(window) + "END\r\n");
        peer.send("DATA 0 " + (window + 1) + "\r\n" + "y".repeat(window + 1) + "END\r\n");
        assertThat(got).extracting(ByteBuffer::remaining).containsExactly(window / 4, window - window / 4, window + 1);
    }

    /** Sends a request, answers it with a reply HEADER, and collects the reply body as it arrives. */
    private List<ByteBuffer> replyBodyCollected() {
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.action", Flux.empty())).subscribe(reply::set);
        peer.received();
        peer.packet("HEADER", 0, REPLY_HEADER);
        List<ByteBuffer> got = new java.util.ArrayList<>();
        reply.get().body().subscribe(got::add);
        return got;
    }

    @Test
    void senderStopsAtTheWindowAndResumesOnAck() {
        AtomicInteger pulled = new AtomicInteger();
        Flux<ByteBuffer> body = Flux.range(0, 1000).map(i -> ByteBuffer.allocate(16 * 1024)).doOnNext(b -> pulled.incrementAndGet());
        peer.connection().request(Request.of("Svc.upload", body)).subscribe();

        long sent = dataBytes(peer.received());
        assertThat(sent).isEqualTo(65536);
        assertThat(pulled.get()).as("the window's four items, and the next one, held until an ACK opens the window").isEqualTo(5);

        peer.packet("ACK", 0, "16384");
        assertThat(dataBytes(peer.received())).isEqualTo(16384);
        assertThat(pulled.get()).isEqualTo(6);
        peer.packet("ACK", 0, "81920");
        assertThat(dataBytes(peer.received())).isEqualTo(65536);
        assertThat(pulled.get()).isEqualTo(10);
    }

    @Test
    void aLazyBodyThatEndsAsTheWindowFillsSendsItsEofWithoutAnAck() {
        // Flux.generate says it is over only when asked for more: asked at the full window, it
        // lets the EOF go, so a peer that never ACKs still gets a body that fits its window.
        peer.connection().request(Request.of("Svc.upload", TestBodies.pattern(65536, 16 * 1024))).subscribe();

        List<String> packets = peer.received();
        assertThat(dataBytes(packets)).isEqualTo(65536);
        assertThat(packets).last().isEqualTo("EOF 0 ");
    }

    @Test
    void packetsCarryHalfTheDefaultWindowSoTwoAreInFlightAndAPartialAckLetsTheNextGo() {
        peer.connection().request(Request.of("Svc.upload", Flux.just(ByteBuffer.allocate(1_000_000)))).subscribe();

        assertThat(dataSizes(peer.received())).containsExactly(32768, 32768);
        peer.packet("ACK", 0, "16384"); // the first half of the first packet consumed: 48 KiB unacknowledged
        assertThat(dataSizes(peer.received())).containsExactly(32768);
        peer.packet("ACK", 0, "32768"); // 64 KiB unacknowledged: the window is full again
        assertThat(dataSizes(peer.received())).isEmpty();
    }

    @Test
    void aBodyOverAQuarterOfTheWindowIsHandedOverInTwoPartsTheFirstAckedAtOnce() {
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.action", Flux.empty())).subscribe(reply::set);
        peer.received();
        String first = "a".repeat(16384);
        String rest = "b".repeat(16385);
        peer.packet("HEADER", 0, REPLY_HEADER).packet("DATA", 0, first + rest);

        StepVerifier.create(reply.get().body().map(b -> StandardCharsets.UTF_8.decode(b).toString()), 0)
                .thenRequest(1).expectNext(first)
                .then(() -> assertThat(peer.received()).containsExactly("ACK 0 16384"))
                .thenRequest(1).expectNext(rest)
                .then(() -> assertThat(peer.received()).containsExactly("ACK 0 32769"))
                .then(() -> peer.packet("DATA", 0, first).packet("EOF", 0, ""))
                .thenRequest(1).expectNext(first) // a quarter of the window exactly: one piece
                .verifyComplete();
    }

    @Test
    void aWideWindowUses128KiBPacketsAndMayOvershootByOne() {
        peer.close();
        peer = new ScriptedPeer(ConnectionSettings.clientDefaults().withMaxInflight(2_000_000).withIdleTimeout(Duration.ZERO), RequestDispatcher.NONE);
        peer.connection().request(Request.of("Svc.upload", Flux.just(ByteBuffer.allocate(3_000_000)))).subscribe();

        assertThat(dataSizes(peer.received())).hasSize(16).containsOnly(131072);
    }

    private static List<Integer> dataSizes(List<String> packets) {
        return packets.stream().filter(p -> p.startsWith("DATA")).map(p -> p.length() - "DATA 0 ".length()).toList();
    }

    @Test
    void concurrentMessagesInterleavePacketByPacket() {
        peer.close();
        peer = new ScriptedPeer(ConnectionSettings.clientDefaults().withMaxInflight(16 * 1024 * 1024).withIdleTimeout(Duration.ZERO), RequestDispatcher.NONE);
        // EmbeddedChannel runs pending tasks after every write, so the bodies are made ready
        // together, after both HEADERs went out, as they would be within one event-loop turn.
        reactor.core.publisher.Sinks.Many<ByteBuffer> bigBody = reactor.core.publisher.Sinks.many().unicast().onBackpressureBuffer();
        reactor.core.publisher.Sinks.Many<ByteBuffer> smallBody = reactor.core.publisher.Sinks.many().unicast().onBackpressureBuffer();
        peer.connection().request(Request.of("Svc.big", bigBody.asFlux())).subscribe();
        peer.connection().request(Request.of("Svc.small", smallBody.asFlux())).subscribe();
        bigBody.tryEmitNext(ByteBuffer.allocate(1_000_000));
        bigBody.tryEmitComplete();
        smallBody.tryEmitNext(ByteBuffer.wrap(new byte[] {'x'}));
        smallBody.tryEmitComplete();

        List<String> out = peer.received();

        int smallEof = out.indexOf("EOF 1 ");
        long bigPacketsBefore = out.subList(0, smallEof).stream().filter(p -> p.startsWith("DATA 0")).count();
        assertThat(bigPacketsBefore).isLessThanOrEqualTo(2);
        assertThat(out.stream().filter(p -> p.startsWith("DATA 0")).count()).isEqualTo(8);
    }

    @Test
    void failingBodyEndsTheMessageWithTxerr() {
        peer.connection().request(Request.of("Svc.upload", Flux.concat(text("ab"), Flux.error(new IllegalStateException("source broke"))))).subscribe();

        assertThat(peer.received()).endsWith("TXERR 0 source broke").doesNotContain("EOF 0 ");
    }

    @Test
    void aTxerrTextIsCutTo4KiB() {
        String huge = "x".repeat(10_000);
        peer.connection().request(Request.of("Svc.upload", Flux.concat(text("ab"), Flux.error(new IllegalStateException(huge))))).subscribe(null, e -> { });

        String txerr = peer.received().stream().filter(p -> p.startsWith("TXERR 0 ")).findFirst().orElseThrow();
        assertThat(txerr.substring("TXERR 0 ".length())).hasSize(Reply.MAX_ERROR_TEXT).endsWith(Reply.ERROR_TEXT_CUT);
    }

    @Test
    void incomingTxerrFailsTheBody() {
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.action", Flux.empty())).subscribe(reply::set);
        peer.packet("HEADER", 0, REPLY_HEADER).packet("DATA", 0, "part").packet("TXERR", 0, "gave up");

        StepVerifier.create(reply.get().body())
                .expectNextCount(1)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("gave up"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void errorReplyFailsTheRequestWithCodeTextAndData() {
        Mono<Reply> request = peer.connection().request(Request.of("Svc.action", Flux.empty()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        request.subscribe(r -> { }, failure::set);
        peer.packet("HEADER", 0, "{\"type\":\"reply\",\"request_id\":1,\"error\":\"nope\",\"error_data\":{\"k\":1}}").packet("EOF", 0, "");

        assertThat(failure.get()).isInstanceOfSatisfying(RemoteActionException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("generic");
            assertThat(e.error()).isEqualTo("nope");
            assertThat(e.errorData().get("k").asInt()).isEqualTo(1);
        });
    }

    @Test
    void cancelledBodyKeepsDrainingAndAcking() {
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.action", Flux.empty())).subscribe(reply::set);
        peer.received();
        peer.packet("HEADER", 0, REPLY_HEADER).packet("DATA", 0, "one").packet("DATA", 0, "two");
        reply.get().body().take(1).subscribe();
        assertThat(peer.received()).containsExactly("ACK 0 6");

        peer.packet("DATA", 0, "three");

        assertThat(peer.received()).containsExactly("ACK 0 11");
        peer.packet("EOF", 0, "");
        assertThat(peer.channel().isOpen()).isTrue();
    }

    @Test
    void pingIsAnsweredWithPong() {
        peer.packet("PING", 7, "");

        assertThat(peer.received()).containsExactly("PONG 7 ");
    }

    @Test
    void heartbeatClosesAConnectionWhosePeerStopsAnswering() {
        peer.close();
        peer = new ScriptedPeer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ZERO).withHeartbeat(Duration.ofMillis(100)), RequestDispatcher.NONE);
        peer.advanceMillis(100);
        assertThat(peer.received()).containsExactly("PING 0 ");
        peer.packet("PONG", 0, "");
        peer.advanceMillis(100);
        assertThat(peer.received()).containsExactly("PING 1 ");

        peer.advanceMillis(100);

        assertThat(peer.channel().isOpen()).isFalse();
        assertThat(peer.connection().closeCause()).isInstanceOf(TransportException.class).hasMessageContaining("PING");
    }

    @Test
    void aHeartbeatAnsweredEveryTimeDoesNotKeepAnIdleConnectionOpen() {
        peer.close();
        peer = new ScriptedPeer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ofMillis(400))
                .withHeartbeat(Duration.ofMillis(100)), RequestDispatcher.NONE);
        for (int i = 0; i < 10 && peer.channel().isOpen(); i++) {
            peer.advanceMillis(100);
            for (String ping : peer.received()) {
                peer.packet("PONG", Long.parseLong(ping.split(" ")[1]), "");
            }
        }

        assertThat(peer.channel().isOpen()).as("PING and PONG are not activity").isFalse();
        assertThat(peer.connection().closeCause()).as("an idle close is clean").isNull();
    }

    @Test
    void idleConnectionClosesButNotWhileARequestIsOpen() {
        peer.close();
        peer = new ScriptedPeer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ofMillis(400)), RequestDispatcher.NONE);
        peer.connection().request(Request.of("Svc.slow", Flux.empty())).subscribe();
        peer.received();
        for (int i = 0; i < 20; i++) {
            peer.advanceMillis(100);
        }
        assertThat(peer.channel().isOpen()).isTrue();

        peer.packet("HEADER", 0, REPLY_HEADER).packet("EOF", 0, "");
        for (int i = 0; i < 7; i++) {
            peer.advanceMillis(100);
        }

        assertThat(peer.channel().isOpen()).isFalse();
    }

    /** A Perl reply header may carry only request_id (SCAMP.md §11); dropped unread, it is drained like a typed one. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{\"type\":\"reply\",\"request_id\":1}", "{\"request_id\":1}"})
    void aReplyBodyNobodySubscribesToIsDrainedAfterTwoIdleTicks(String header) {
        peer.close();
        peer = new ScriptedPeer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ofMillis(400)), RequestDispatcher.NONE);
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.action", Flux.empty())).subscribe(reply::set);
        peer.received();
        peer.packet("HEADER", 0, header).packet("DATA", 0, "abc");
        assertThat(reply.get()).isNotNull();

        for (int i = 0; i < 3; i++) {
            peer.advanceMillis(100);
        }

        assertThat(peer.received()).as("the unclaimed body's bytes are drained and ACKed").containsExactly("ACK 0 3");
        assertThat(reply.get().body().collectList().map(List::size).onErrorReturn(-1).block(Duration.ofSeconds(5)))
                .as("a later subscriber is refused").isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "HEADER out of sequence          | HEADER 1 2\\r\\n{}END\\r\\n                                      | OUT_OF_SEQUENCE",
        "second HEADER for open message  | HEADER 0 2\\r\\n{}END\\r\\nHEADER 0 2\\r\\n{}END\\r\\n            | OUT_OF_SEQUENCE",
        "DATA for a message not open     | DATA 3 1\\r\\nxEND\\r\\n                                        | MESSAGE_NOT_OPEN",
        "EOF for a message not open      | EOF 0 0\\r\\nEND\\r\\n                                          | MESSAGE_NOT_OPEN",
        "TXERR for a message not open    | TXERR 0 1\\r\\nxEND\\r\\n                                       | MESSAGE_NOT_OPEN",
        "ACK for a message never sent    | ACK 0 1\\r\\n5END\\r\\n                                         | ACK_EXCEEDS_SENT",
        "HEADER JSON is null             | HEADER 0 4\\r\\nnullEND\\r\\n                                   | MALFORMED_HEADER_JSON",
        "unknown packet type             | HELLO 0 0\\r\\nEND\\r\\n                                    | UNKNOWN_TYPE",
        "garbage line                    | HELLO THERE\\r\\n                                               | BAD_HEADER_LINE",
    })
    void protocolViolationsCloseTheConnectionAndFailWhatIsOpen(String name, String raw, ProtocolViolation expected) {
        AtomicReference<Throwable> pendingFailure = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.pending", Flux.never())).subscribe(r -> { }, pendingFailure::set);
        peer.received();

        peer.send(raw.replace("\\r\\n", "\r\n"));

        assertThat(peer.channel().isOpen()).as("connection closed").isFalse();
        assertThat(peer.connection().closeCause()).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.violation()).isEqualTo(expected));
        assertThat(pendingFailure.get()).isInstanceOf(TransportException.class).hasCauseInstanceOf(ProtocolException.class);
    }

    @Test
    void ackThatDoesNotAdvanceIsFatal() {
        peer.connection().request(Request.of("Svc.upload", Flux.range(0, 100).map(i -> ByteBuffer.allocate(1000)))).subscribe();
        peer.received();
        peer.packet("ACK", 0, "1000");

        peer.packet("ACK", 0, "1000");

        assertThat(((ProtocolException) peer.connection().closeCause()).violation()).isEqualTo(ProtocolViolation.ACK_NOT_ADVANCING);
    }

    @Test
    void ackBeyondWhatWasSentIsFatal() {
        peer.connection().request(Request.of("Svc.upload", Flux.range(0, 100).map(i -> ByteBuffer.allocate(1000)))).subscribe();
        peer.received();

        peer.packet("ACK", 0, "999999");

        assertThat(((ProtocolException) peer.connection().closeCause()).violation()).isEqualTo(ProtocolViolation.ACK_EXCEEDS_SENT);
    }

    @Test
    void ackCrossingOurEofIsIgnored() {
        peer.connection().request(Request.of("Svc.action", text("abc"))).subscribe();
        assertThat(peer.received()).contains("EOF 0 ");

        peer.packet("ACK", 0, "3");

        assertThat(peer.channel().isOpen()).isTrue();
    }

    @Test
    void incomingRequestIsDispatchedAndAnswered() {
        peer.close();
        peer = new ScriptedPeer(ConnectionSettings.serverDefaults().withIdleTimeout(Duration.ZERO),
                req -> req.bodyAsBytes(100).map(b -> Reply.bytes(("got " + new String(b, StandardCharsets.UTF_8) + " for " + req.action()).getBytes(StandardCharsets.UTF_8))));

        peer.packet("HEADER", 0, "{\"type\":\"request\",\"action\":\"A.b\",\"request_id\":\"9\",\"client_id\":\"3\",\"envelope\":\"weird\"}")
                .packet("DATA", 0, "hi").packet("EOF", 0, "");

        List<String> out = peer.received();
        assertThat(out.get(0)).isEqualTo("ACK 0 2");
        assertThat(out.get(1)).startsWith("HEADER 0 {").contains("\"type\":\"reply\"").contains("\"request_id\":9");
        assertThat(out.subList(2, out.size())).containsExactly("DATA 0 got hi for A.b", "EOF 0 ");
    }

    @Test
    void lostConnectionFailsEveryOpenMessageOnBothSides() {
        AtomicReference<Throwable> pending = new AtomicReference<>();
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.one", Flux.never())).subscribe(r -> { }, pending::set);
        peer.connection().request(Request.of("Svc.two", Flux.empty())).subscribe(reply::set);
        peer.received();
        peer.packet("HEADER", 0, "{\"type\":\"reply\",\"request_id\":2}").packet("DATA", 0, "x");
        AtomicReference<Throwable> bodyFailure = new AtomicReference<>();
        reply.get().body().subscribe(b -> { }, bodyFailure::set);

        peer.channel().close();
        peer.run();

        assertThat(pending.get()).isInstanceOf(TransportException.class);
        assertThat(bodyFailure.get()).isInstanceOf(TransportException.class);
    }

    private static long dataBytes(List<String> packets) {
        return packets.stream().filter(p -> p.startsWith("DATA")).mapToLong(p -> p.length() - "DATA 0 ".length()).sum();
    }
}
