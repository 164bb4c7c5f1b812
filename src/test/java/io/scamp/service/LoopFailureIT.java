package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A service whose event loop ends under it stops listening and says why, instead of accepting connections nobody serves. */
class LoopFailureIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aLoopThatEndsWhileTheServiceRunsClosesTheListenerAndFailsOnStopped() {
        RunningService running = ScampService.builder().ephemeralIdentity().port(0).workers(1)
                .action("Test.endLoop", 1, req -> {
                    EventExecutor loop = ThreadExecutorMap.currentExecutor();
                    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS); // as if its thread had died
                    return Mono.just(Reply.empty());
                })
                .build().start().block(WAIT);
        try (ScampClient client = ScampClient.create()) {
            client.request(running.endpoint(), Request.json("Test.endLoop", Map.of())).onErrorResume(e -> Mono.empty()).subscribe();

            assertThatThrownBy(() -> running.onStopped().block(WAIT))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("ended unexpectedly");
            assertThat(running.isDisposed()).isTrue();
            assertThatThrownBy(() -> {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(running.host(), running.port()), 5_000);
                }
            }).as("nobody listens any more").isInstanceOf(ConnectException.class);
        }
    }
}
