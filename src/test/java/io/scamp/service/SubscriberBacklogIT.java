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

            // Rounds of 8 keys of 8 KiB, cycling over 64 keys: the reader sees each round before the
            // next (its backlog never holds more than one round, 64 KiB), while the deaf subscriber's
            // socket buffers fill and then its backlog, coalesced per key, grows to 64 keys, past 256 KiB.
            byte[] filler = new byte[8 * 1024];
            java.util.Arrays.fill(filler, (byte) 'x');
            String value = new String(filler, java.nio.charset.StandardCharsets.US_ASCII);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            int round = 0;
            while (running.subscribers() == 2) {
                assertThat(System.nanoTime()).as("the deaf subscriber is dropped").isLessThan(deadline);
                String stamp = round + value;
                String lastKey = "k" + ((round * 8 + 7) % 64);
                for (int k = 0; k < 8; k++) {
                    running.publish("big", "k" + ((round * 8 + k) % 64), stamp);
                }
                awaitTrue("the reader sees round " + round, () -> {
                    SubscriptionState s = latest.get();
                    return s.get("big", lastKey) != null && s.get("big", lastKey).asText().equals(stamp);
                });
                round++;
            }
            int last = round - 1;
            HostilePeers.awaitClosed(deaf.tcp(), Duration.ofSeconds(30));
            assertThat(log.atLeast(java.util.logging.Level.WARNING, "the subscriber reads its events too slowly")).hasSize(1);

            assertThat(running.subscribers()).as("the reader was never dropped").isEqualTo(1);
            assertThat(latest.get().get("big", "k" + ((last * 8 + 7) % 64)).asText()).startsWith(last + "x");
            reader.dispose();
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
