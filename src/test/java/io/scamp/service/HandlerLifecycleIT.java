package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.client.ScampClient;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.ScampTimeoutException;
import io.scamp.testing.TestService;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** How long a handler runs: its t<N> flag, a requester that gives up, a reply sent before the request body was read. */
class HandlerLifecycleIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anActionsTimeoutFlagBoundsItsHandlerOnTheServiceSide() {
        try (TestService service = TestService.start(b -> b.action("Test.forever", 1, Set.of("t1"), req -> Mono.never()));
             ScampClient client = ScampClient.create()) {
            assertThatThrownBy(() -> client.request(service.endpoint(), Request.json("Test.forever", Map.of())).block(WAIT))
                    .isInstanceOfSatisfying(RemoteActionException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("timeout");
                        assertThat(e.error()).contains("1 s");
                    });
        }
    }

    @Test
    void aRequesterThatAbortsItsRequestCancelsTheHandler() throws InterruptedException {
        CountDownLatch cancelled = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (TestService service = TestService.start(b -> b.action("Test.wait", 1, req -> {
                    started.countDown();
                    return Mono.<Reply>never().doOnCancel(cancelled::countDown);
                }));
             ScampClient client = ScampClient.create()) {
            Flux<ByteBuffer> unfinished = Flux.concat(Flux.just(ByteBuffer.wrap(new byte[10])), Flux.never());
            Request request = Request.builder("Test.wait").body(unfinished).timeout(Duration.ofMillis(500)).build();

            assertThatThrownBy(() -> client.request(service.endpoint(), request).block(WAIT)).isInstanceOf(ScampTimeoutException.class);

            assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(cancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the TXERR after the timeout cancelled the handler").isTrue();
        }
    }

    @Test
    void aHandlerThatReadsALittleAndRepliesDoesNotStallTheUpload() throws InterruptedException {
        CountDownLatch uploadDone = new CountDownLatch(1);
        try (TestService service = TestService.start(b -> b.idleTimeout(Duration.ofSeconds(2)).action("Test.peek", 1, req -> {
                    req.body().subscribe(new BaseSubscriber<ByteBuffer>() {
                        @Override
                        protected void hookOnSubscribe(Subscription s) {
                            s.request(1); // a peek, and then nothing more
                        }
                    });
                    return Mono.just(Reply.json(Map.of("peeked", true)));
                }));
             ScampClient client = ScampClient.create()) {
            Flux<ByteBuffer> upload = Flux.range(0, 64).map(i -> ByteBuffer.allocate(16 * 1024)).doOnComplete(uploadDone::countDown);

            Map<?, ?> answer = client.request(service.endpoint(), Request.builder("Test.peek").body(upload).build())
                    .flatMap(reply -> reply.bodyAsJson(Map.class)).block(WAIT);

            assertThat(answer.get("peeked")).isEqualTo(true);
            // drained at the service's idle tick (every 500 ms here) once the handler has replied and asks for nothing
            assertThat(uploadDone.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("1 MiB uploaded past a 64 KiB window").isTrue();
        }
    }
}
