package io.scamp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.TestService;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reply whose body the application drops without reading it (here {@code map(Reply::header)})
 * does not pin its message for good: after two idle-timer ticks without a subscriber its body is
 * drained, the service's publisher runs to its end, and the connection serves on.
 */
class DroppedReplyIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aDroppedReplysBodyIsDrainedAfterTwoIdleTicks() throws InterruptedException {
        CountDownLatch bodySent = new CountDownLatch(1);
        try (TestService service = TestService.start(b -> b.action("Test.big", 1, req -> Mono.just(Reply.of(
                Flux.range(0, 32).map(i -> ByteBuffer.allocate(64 * 1024)).doOnComplete(bodySent::countDown)))));
             ScampClient client = ScampClient.builder().idleTimeout(Duration.ofSeconds(2)).build()) { // ticks every 500 ms
            client.request(service.endpoint(), Request.json("Test.big", Map.of())).map(Reply::header).block(WAIT);
            assertThat(bodySent.getCount()).as("2 MiB cannot pass a 64 KiB window unread").isEqualTo(1);

            assertThat(bodySent.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the service's body publisher completed").isTrue();
            assertThat(client.requestJson(service.endpoint(), "Test.count", Map.of(), Map.class).block(WAIT).get("bytes")).as("the connection serves on").isEqualTo(2);
        }
    }
}
