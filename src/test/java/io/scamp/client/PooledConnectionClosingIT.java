package io.scamp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.connection.ScampConnection;
import io.scamp.testing.TestService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pooled connection that closes as a request is about to be sent on it: nothing was sent,
 * so the request goes out on a new connection instead of failing (a failure that would mark
 * a healthy instance as failing for the router).
 */
class PooledConnectionClosingIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aRequestThatFindsItsPooledConnectionClosedIsSentOnANewOne() {
        try (TestService service = TestService.start(); ScampClient client = ScampClient.create()) {
            client.connect(service.endpoint()).block(WAIT);
            ScampConnection pooled = client.pool().usableConnection(service.endpoint());
            assertThat(pooled).isNotNull();

            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            for (io.netty.util.concurrent.EventExecutor loop : client.loops().clientGroup()) {
                loop.execute(() -> {
                    try {
                        hold.await(); // the loops wait, so the close and the send queue up in this order
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            pooled.close();
            reactor.core.publisher.Mono<Map> request = client.requestJson(service.endpoint(), "Test.count", Map.of(), Map.class).cache();
            request.subscribe(null, e -> { });
            assertThat(pooled.isUsable()).as("the close has not run yet").isTrue();
            hold.countDown();
            Map<?, ?> answer = request.block(WAIT);

            assertThat(answer.get("bytes")).isEqualTo(2);
            assertThat(pooled.isUsable()).isFalse();
            assertThat(client.pool().usableConnection(service.endpoint())).isNotNull().isNotSameAs(pooled);
        }
    }
}
