package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.client.ScampClient;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.TestService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Requests over a service's concurrency limits are answered at once with a {@code busy} error
 * flagged {@code dispatch_failure}, without running a handler; the connection stays up and the
 * capacity comes back as handlers finish.
 */
class ConcurrencyLimitsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Limits 5 per connection and 6 per service: the first connection holds 5 and its 6th is
     * refused by the per-connection limit; the second connection then takes the service to its
     * limit and past it up to its fair share (4 of 6 among 2 connections, never under 4), and
     * its 5th is refused. Capacity returns as the handlers finish.
     */
    @Test
    void requestsOverThePerConnectionLimitAndTheirShareOfThePerServiceLimitAreRefusedAsRetryable() throws InterruptedException {
        Sinks.Empty<Void> release = Sinks.empty();
        AtomicInteger started = new AtomicInteger();
        java.util.concurrent.CountDownLatch firstFive = new java.util.concurrent.CountDownLatch(5);
        java.util.concurrent.CountDownLatch nineRunning = new java.util.concurrent.CountDownLatch(9);
        try (TestService service = TestService.start(b -> b.maxConcurrentRequests(5, 6)
                .action("Test.hold", 1, req -> {
                    started.incrementAndGet();
                    firstFive.countDown();
                    nineRunning.countDown();
                    return release.asMono().then(Mono.just(Reply.json(Map.of("held", true))));
                }));
             ScampClient first = ScampClient.create();
             ScampClient second = ScampClient.create()) {
            java.util.List<Mono<Reply>> held = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                held.add(hold(first, service));
            }
            assertThat(firstFive.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            RemoteActionException perConnection = refusal(first, service);
            for (int i = 0; i < 4; i++) {
                held.add(hold(second, service));
            }
            assertThat(nineRunning.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .as("the second connection runs its share although the service is at its limit").isTrue();
            RemoteActionException overShare = refusal(second, service);

            assertThat(perConnection.errorCode()).isEqualTo("busy");
            assertThat(perConnection.error()).contains("this connection").contains("5");
            assertThat(perConnection.errorData().path("dispatch_failure").asBoolean()).isTrue();
            assertThat(overShare.errorCode()).isEqualTo("busy");
            assertThat(overShare.error()).contains("6 handlers").contains("share").contains("4");
            assertThat(overShare.errorData().path("dispatch_failure").asBoolean()).isTrue();
            assertThat(started.get()).as("no handler ran for a refused request").isEqualTo(9);

            release.tryEmitEmpty();
            for (Mono<Reply> reply : held) {
                assertThat(reply.block(WAIT)).isNotNull();
            }
            assertThat(first.requestJson(service.endpoint(), "Test.hold", Map.of(), Map.class).block(WAIT).get("held"))
                    .as("the same connection, capacity back").isEqualTo(true);
        }
    }

    private static Mono<Reply> hold(ScampClient client, TestService service) {
        Mono<Reply> reply = client.request(service.endpoint(), Request.json("Test.hold", Map.of())).cache();
        reply.subscribe(null, e -> { });
        return reply;
    }

    private static RemoteActionException refusal(ScampClient client, TestService service) {
        Throwable failure = client.request(service.endpoint(), Request.json("Test.hold", Map.of()))
                .then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(WAIT);
        assertThat(failure).isInstanceOf(RemoteActionException.class);
        return (RemoteActionException) failure;
    }
}
