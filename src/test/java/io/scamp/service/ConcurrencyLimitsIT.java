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

    @Test
    void requestsOverThePerConnectionAndPerServiceLimitsAreRefusedAsRetryableAndCapacityReturns() throws InterruptedException {
        Sinks.Empty<Void> release = Sinks.empty();
        AtomicInteger started = new AtomicInteger();
        java.util.concurrent.CountDownLatch threeRunning = new java.util.concurrent.CountDownLatch(3);
        try (TestService service = TestService.start(b -> b.maxConcurrentRequests(2, 3)
                .action("Test.hold", 1, req -> {
                    started.incrementAndGet();
                    threeRunning.countDown();
                    return release.asMono().then(Mono.just(Reply.json(Map.of("held", true))));
                }));
             ScampClient first = ScampClient.create();
             ScampClient second = ScampClient.create()) {
            Mono<Reply> hold1 = first.request(service.endpoint(), Request.json("Test.hold", Map.of())).cache();
            Mono<Reply> hold2 = first.request(service.endpoint(), Request.json("Test.hold", Map.of())).cache();
            Mono<Reply> hold3 = second.request(service.endpoint(), Request.json("Test.hold", Map.of())).cache();
            hold1.subscribe(null, e -> { });
            hold2.subscribe(null, e -> { });
            hold3.subscribe(null, e -> { });
            assertThat(threeRunning.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            RemoteActionException perConnection = refusal(first, service);
            RemoteActionException perService = refusal(second, service);

            assertThat(perConnection.errorCode()).isEqualTo("busy");
            assertThat(perConnection.error()).contains("this connection").contains("2");
            assertThat(perConnection.errorData().path("dispatch_failure").asBoolean()).isTrue();
            assertThat(perService.errorCode()).isEqualTo("busy");
            assertThat(perService.error()).contains("3 handlers");
            assertThat(started.get()).as("no handler ran for a refused request").isEqualTo(3);

            release.tryEmitEmpty();
            assertThat(hold1.block(WAIT)).isNotNull();
            assertThat(hold2.block(WAIT)).isNotNull();
            assertThat(hold3.block(WAIT)).isNotNull();
            assertThat(first.requestJson(service.endpoint(), "Test.hold", Map.of(), Map.class).block(WAIT).get("held"))
                    .as("the same connection, capacity back").isEqualTo(true);
        }
    }

    private static RemoteActionException refusal(ScampClient client, TestService service) {
        Throwable failure = client.request(service.endpoint(), Request.json("Test.hold", Map.of()))
                .then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(WAIT);
        assertThat(failure).isInstanceOf(RemoteActionException.class);
        return (RemoteActionException) failure;
    }
}
