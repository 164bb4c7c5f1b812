package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.message.Reply;
import io.scamp.message.TransportException;
import io.scamp.testing.TestService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Binding a random port of a range, retrying on "address in use" (SCAMP.md §1). */
class PortRangeIT {

    private static ScampServiceBuilder service() {
        return ScampService.builder().identity(TestService.identity()).bindAddress("127.0.0.1")
                .action("Test.ping", 1, req -> Mono.just(Reply.empty()));
    }

    @Test
    void retriesAnotherPortOfTheRangeWhenOneIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            int free = freePortOtherThan(busy);
            int first = Math.min(busy, free);
            int last = Math.max(busy, free);
            // only busy and free lie in the range when they are adjacent; otherwise other ports may be used too
            RunningService running = service().portRange(first, last, 200).build().start().block(Duration.ofSeconds(30));
            try {
                assertThat(running.port()).isBetween(first, last).isNotEqualTo(busy);
                assertThat(running.address()).isEqualTo("beepish+tls://127.0.0.1:" + running.port());
            } finally {
                running.stop().block(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void givesUpAfterTheConfiguredTries() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            assertThatThrownBy(() -> service().portRange(busy, busy, 3).build().start().block(Duration.ofSeconds(30)))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("3 tries");
        }
    }

    private static int freePortOtherThan(int busy) throws IOException {
        for (int candidate : new int[] {busy + 1, busy - 1}) {
            if (candidate > 1024 && candidate < 65536) {
                try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                    return probe.getLocalPort();
                } catch (IOException inUse) {
                    // try the other neighbour
                }
            }
        }
        try (ServerSocket any = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return any.getLocalPort();
        }
    }
}
