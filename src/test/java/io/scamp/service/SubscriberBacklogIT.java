package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.client.ScampClient;
import io.scamp.client.SubscriptionState;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.LogCapture;
import io.scamp.testing.TestService;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that never reads must not make the service buffer events without limit: one
 * event is in flight, later changes wait coalesced per key, and past
 * {@link ScampServiceBuilder#subscriberBacklog} its connection is closed with a
 * {@link io.scamp.message.ConnectionStalledException}, while a subscriber that reads carries on.
 */
class SubscriberBacklogIT {
    private static final int BACKLOG = 256 * 1024;

    @Test
    void aSubscriberThatNeverReadsIsDroppedAtTheBacklogBoundAndOthersCarryOn() throws Exception {
        try (TestService service = TestService.start(b -> b.subscriberBacklog(BACKLOG));
             LogCapture log = LogCapture.of(io.scamp.connection.ScampConnection.class.getName());
             ScampClient client = ScampClient.create();
             HostilePeers.Peer deaf = HostilePeers.connect(service.endpoint())) {
            ServiceServer running = (ServiceServer) service.running();
            AtomicReference<SubscriptionState> latest = new AtomicReference<>();
            reactor.core.Disposable reader = client.subscribe(service.endpoint(), "big").subscribe(latest::set);
            awaitTrue("the reader is subscribed", () -> latest.get() != null);

            deaf.out().write(HostilePeers.packet("HEADER", 0, "{\"type\":\"subscribe\",\"request_id\":1}"));
            deaf.out().write(HostilePeers.packet("DATA", 0, "[\"big\"]"));
            deaf.out().write(HostilePeers.packet("EOF", 0, ""));
            deaf.out().flush();
            awaitTrue("both are subscribed", () -> running.subscribers() == 2);

            // 64 keys of 8 KiB rewritten again and again: the store stays at 512 KiB, the deaf
            // subscriber's socket buffers fill, then its coalesced backlog passes 256 KiB.
            byte[] filler = new byte[8 * 1024];
            java.util.Arrays.fill(filler, (byte) 'x');
            String value = new String(filler, java.nio.charset.StandardCharsets.US_ASCII);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int round = 0;
            while (running.subscribers() == 2) {
                assertThat(System.nanoTime()).as("the deaf subscriber is dropped").isLessThan(deadline);
                for (int k = 0; k < 64; k++) {
                    running.publish("big", "k" + k, round + value);
                }
                round++;
            }
            int last = round - 1;
            HostilePeers.awaitClosed(deaf.tcp(), Duration.ofSeconds(30));
            assertThat(log.atLeast(java.util.logging.Level.WARNING, "the subscriber reads its events too slowly")).hasSize(1);

            awaitTrue("the reader sees the last round", () -> {
                SubscriptionState s = latest.get();
                return s.get("big", "k63") != null && s.get("big", "k63").asText().startsWith(last + "x");
            });
            assertThat(running.subscribers()).isEqualTo(1);
            reader.dispose();
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
