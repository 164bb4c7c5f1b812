package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.BodyTooLargeException;
import io.scamp.message.FingerprintMismatchException;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.ScampTimeoutException;
import io.scamp.message.TransportException;
import io.scamp.testing.TestBodies;
import io.scamp.testing.TestService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A real service and client over TLS on loopback. */
class ClientServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TestService service;
    private ScampClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void jsonRequestGetsJsonReply() {
        service = TestService.start(b -> b.action("Greeter.hello", 1, req -> req.bodyAsJson(Map.class)
                .map(m -> Reply.json(Map.of("greeting", "hello " + m.get("name"))))));
        client = ScampClient.create();

        Map<?, ?> answer = client.requestJson(service.endpoint(), "Greeter.hello", Map.of("name", "Ada"), Map.class).block(WAIT);

        assertThat(answer.get("greeting")).isEqualTo("hello Ada");
    }

    @Test
    void actionNamesMatchCaseInsensitively() {
        service = TestService.start();
        client = ScampClient.create();

        String echoed = client.request(service.endpoint(), Request.builder("test.ECHO").body("hi".getBytes(StandardCharsets.UTF_8)).build())
                .flatMap(Reply::bodyAsString).block(WAIT);

        assertThat(echoed).isEqualTo("hi");
    }

    @Test
    void unknownActionFailsWithNotFound() {
        service = TestService.start();
        client = ScampClient.create();

        assertThatThrownBy(() -> client.request(service.endpoint(), Request.json("No.such", Map.of())).block(WAIT))
                .isInstanceOf(RemoteActionException.class)
                .satisfies(e -> assertThat(((RemoteActionException) e).errorCode()).isEqualTo("not_found"));
    }

    @Test
    void handlerErrorsBecomeTypedRemoteErrors() {
        service = TestService.start(b -> b.action("Test.throws", 1, req -> {
            throw new IllegalStateException("boom");
        }));
        client = ScampClient.create();

        assertThatThrownBy(() -> client.request(service.endpoint(), Request.json("Test.fail", Map.of())).block(WAIT))
                .isInstanceOfSatisfying(RemoteActionException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("test_failure");
                    assertThat(e.error()).isEqualTo("failed on purpose");
                });
        assertThatThrownBy(() -> client.request(service.endpoint(), Request.json("Test.throws", Map.of())).block(WAIT))
                .isInstanceOfSatisfying(RemoteActionException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("generic");
                    assertThat(e.error()).isEqualTo("internal error in the action handler"); // the exception's text stays in the service's log
                });
    }

    @Test
    void versionsAreDistinctActions() {
        service = TestService.start(b -> b
                .action("Test.v", 1, req -> Mono.just(Reply.bytes("one".getBytes(StandardCharsets.UTF_8))))
                .action("Test.v", 2, req -> Mono.just(Reply.bytes("two".getBytes(StandardCharsets.UTF_8)))));
        client = ScampClient.create();

        String v2 = client.request(service.endpoint(), Request.builder("Test.v").version(2).build()).flatMap(Reply::bodyAsString).block(WAIT);
        assertThat(v2).isEqualTo("two");
        assertThatThrownBy(() -> client.request(service.endpoint(), Request.builder("Test.v").version(3).build()).block(WAIT))
                .isInstanceOf(RemoteActionException.class);
    }

    @Test
    void largeBodyStreamsBothWaysIntact() {
        service = TestService.start();
        client = ScampClient.create();
        long size = 64L * 1024 * 1024 + 12345;

        Long received = client.request(service.endpoint(), Request.of("Test.echo", TestBodies.pattern(size, 100_000)))
                .flatMap(reply -> TestBodies.verifyPattern(reply.body()))
                .block(WAIT);

        assertThat(received).isEqualTo(size);
    }

    @Test
    void emptyBodiesAndEmptyBuffersAreFine() {
        service = TestService.start();
        client = ScampClient.create();

        Long none = client.request(service.endpoint(), Request.of("Test.echo", Flux.empty()))
                .flatMap(r -> r.body().count()).block(WAIT);
        Long some = client.request(service.endpoint(), Request.of("Test.echo",
                        Flux.just(ByteBuffer.allocate(0), ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.allocate(0))))
                .flatMap(r -> r.body().map(ByteBuffer::remaining).reduce(0, Integer::sum).map(Integer::longValue)).block(WAIT);

        assertThat(none).isZero();
        assertThat(some).isEqualTo(2);
    }

    @Test
    void smallRequestIsNotStuckBehindALargeBody() {
        service = TestService.start();
        client = ScampClient.create();
        Endpoint target = service.endpoint();
        client.request(target, Request.json("Test.count", Map.of())).block(WAIT); // connection up

        AtomicLong produced = new AtomicLong();
        Sinks.Empty<Void> bigUnderway = Sinks.empty();
        Flux<ByteBuffer> bigBody = TestBodies.pattern(64L * 1024 * 1024, 128 * 1024, produced)
                .doOnNext(b -> {
                    if (produced.get() >= 4L * 1024 * 1024) {
                        bigUnderway.tryEmitEmpty();
                    }
                });
        Mono<String> big = client.request(target, Request.of("Test.count", bigBody))
                .flatMap(Reply::bodyAsString).map(s -> "big");
        Mono<String> small = bigUnderway.asMono().then(client.request(target, Request.builder("Test.echo").body(new byte[] {42}).build())
                .flatMap(Reply::bodyAsString).map(s -> "small"));

        List<String> finished = Flux.merge(big, small).collectList().block(WAIT);

        assertThat(finished).containsExactly("small", "big");
    }

    @Test
    void tenThousandConcurrentRequestsOnOneConnection() {
        service = TestService.start();
        client = ScampClient.create();
        Endpoint target = service.endpoint();

        List<Boolean> matches = Flux.range(0, 10_000)
                .flatMap(i -> client.request(target, Request.builder("Test.echo").body(("req-" + i).getBytes(StandardCharsets.UTF_8)).build())
                        .flatMap(Reply::bodyAsString)
                        .map(body -> body.equals("req-" + i)), 10_000)
                .collectList()
                .block(WAIT);

        assertThat(matches).hasSize(10_000).containsOnly(true);
    }

    @Test
    void slowConsumerHoldsTheSenderToOneWindow() {
        Sinks.One<Flux<ByteBuffer>> heldBody = Sinks.one();
        Sinks.Empty<Void> release = Sinks.empty();
        service = TestService.start(b -> b.action("Test.hold", 1, req -> {
            heldBody.tryEmitValue(req.body());
            return release.asMono().then(TestBodies.verifyPattern(req.body()).map(n -> Reply.json(Map.of("bytes", n))));
        }));
        client = ScampClient.builder().maxInflight(65536).build();
        AtomicLong produced = new AtomicLong();
        long size = 8L * 1024 * 1024;
        int chunk = 16 * 1024;

        Mono<Map> reply = client.request(service.endpoint(), Request.of("Test.hold", TestBodies.pattern(size, chunk, produced)))
                .flatMap(r -> r.bodyAsJson(Map.class)).cache();
        reply.subscribe(v -> { }, e -> { });
        heldBody.asMono().block(WAIT);
        // The handler holds the body without subscribing: nothing is consumed, so nothing is ACKed.
        // The sender stops once a window is unacknowledged; it may overshoot by one packet and hold one item.
        long plateau = awaitPlateau(produced);
        assertThat(plateau).isLessThanOrEqualTo(65536 + 128 * 1024 + chunk).isGreaterThan(0);

        release.tryEmitEmpty();
        assertThat(reply.block(WAIT)).containsEntry("bytes", (int) size);
        assertThat(produced.get()).isEqualTo(size);
    }

    /** Waits until the counter stops moving across several checks spaced by a client round trip. */
    private long awaitPlateau(AtomicLong counter) {
        long last = -1;
        int stable = 0;
        while (stable < 5) {
            client.request(service.endpoint(), Request.json("Test.count", Map.of())).block(WAIT); // a full round trip
            long now = counter.get();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    @Test
    void bodyAggregationIsCapped() {
        service = TestService.start();
        client = ScampClient.create();

        assertThatThrownBy(() -> client.request(service.endpoint(), Request.of("Test.echo", TestBodies.pattern(1_000_000, 10_000)))
                .flatMap(r -> r.bodyAsBytes(1000)).block(WAIT))
                .isInstanceOf(BodyTooLargeException.class);
        // the connection is still healthy after the rest of that body was drained
        assertThat(client.request(service.endpoint(), Request.builder("Test.echo").body(new byte[] {7}).build())
                .flatMap(r -> r.bodyAsBytes(10)).block(WAIT)).containsExactly(7);
    }

    @Test
    void cancelledReplyBodyIsDrainedAndConnectionStaysHealthy() {
        service = TestService.start();
        client = ScampClient.create();

        List<ByteBuffer> firstFew = client.request(service.endpoint(), Request.of("Test.echo", TestBodies.pattern(4_000_000, 50_000)))
                .flatMapMany(r -> r.body().take(2)).collectList().block(WAIT);
        assertThat(firstFew).hasSize(2);

        Long next = client.request(service.endpoint(), Request.of("Test.echo", TestBodies.pattern(1_000_000, 50_000)))
                .flatMap(r -> TestBodies.verifyPattern(r.body())).block(WAIT);
        assertThat(next).isEqualTo(1_000_000);
    }

    @Test
    void failingRequestBodySendsTxerrAndFailsTheHandlersBody() {
        Sinks.One<Throwable> seenByHandler = Sinks.one();
        service = TestService.start(b -> b.action("Test.observe", 1, req -> req.body()
                .doOnError(seenByHandler::tryEmitValue)
                .then(Mono.just(Reply.empty()))));
        client = ScampClient.create();

        Flux<ByteBuffer> failing = Flux.concat(Flux.just(ByteBuffer.wrap(new byte[100])), Flux.error(new IllegalStateException("disk on fire")));
        client.request(service.endpoint(), Request.of("Test.observe", failing)).onErrorResume(e -> Mono.empty()).subscribe();

        Throwable error = seenByHandler.asMono().block(WAIT);
        assertThat(error).isInstanceOf(TransportException.class).hasMessageContaining("disk on fire");
    }

    @Test
    void wrongFingerprintIsRefusedShowingBoth() {
        service = TestService.start();
        client = ScampClient.create();
        String wrong = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33";

        assertThatThrownBy(() -> client.request(Endpoint.of(service.running().address(), wrong), Request.json("Test.echo", Map.of())).block(WAIT))
                .isInstanceOfSatisfying(FingerprintMismatchException.class, e -> {
                    assertThat(e.getMessage()).contains(wrong).contains(service.running().fingerprint());
                    assertThat(e.dispatchFailure()).isTrue();
                });
    }

    @Test
    void requestTimesOutAndConnectionStaysUp() {
        service = TestService.start(b -> b.action("Test.never", 1, req -> Mono.never()));
        client = ScampClient.create();

        assertThatThrownBy(() -> client.request(service.endpoint(), Request.builder("Test.never").timeout(Duration.ofMillis(200)).build()).block(WAIT))
                .isInstanceOf(ScampTimeoutException.class);
        assertThat(client.request(service.endpoint(), Request.builder("Test.echo").body(new byte[] {1}).build())
                .flatMap(r -> r.bodyAsBytes(10)).block(WAIT)).containsExactly(1);
    }

    @Test
    void closedPortIsADispatchFailure() {
        client = ScampClient.create();
        int freePort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        assertThatThrownBy(() -> client.request(Endpoint.of("beepish+tls://127.0.0.1:" + freePort, null), Request.json("X.y", Map.of())).block(WAIT))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.dispatchFailure()).isTrue());
    }

    @Test
    void stopDrainsOpenRequestsThenRefusesNewConnections() {
        Sinks.Empty<Void> finish = Sinks.empty();
        Sinks.Empty<Void> started = Sinks.empty();
        service = TestService.start(b -> b.action("Test.slow", 1, req -> {
            started.tryEmitEmpty();
            return finish.asMono().thenReturn(Reply.bytes("done".getBytes(StandardCharsets.UTF_8)));
        }));
        client = ScampClient.create();
        Mono<String> slow = client.request(service.endpoint(), Request.json("Test.slow", Map.of())).flatMap(Reply::bodyAsString).cache();
        slow.subscribe(v -> { }, e -> { });
        started.asMono().block(WAIT);

        Mono<Void> stopped = service.running().stop().cache();
        stopped.subscribe();
        finish.tryEmitEmpty();

        assertThat(slow.block(WAIT)).isEqualTo("done");
        stopped.block(WAIT);
        assertThatThrownBy(() -> client.request(service.endpoint(), Request.json("Test.echo", Map.of())).block(WAIT))
                .isInstanceOf(TransportException.class);
    }
}
