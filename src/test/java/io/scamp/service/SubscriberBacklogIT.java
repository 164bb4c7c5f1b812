package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.client.ScampClient;
import io.scamp.client.SubscriptionState;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.LogCapture;
import io.scamp.testing.TestService;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
            BlockingQueue<SubscriptionState> states = new LinkedBlockingQueue<>();
            reactor.core.Disposable reader = client.subscribe(service.endpoint(), "big").subscribe(s -> {
                latest.set(s);
                states.add(s);
            });
            assertThat(states.poll(60, TimeUnit.SECONDS)).as("the reader's snapshot").isNotNull();

            deaf.out().write(HostilePeers.packet("HEADER", 0, "{\"type\":\"subscribe\",\"request_id\":1}"));
            deaf.out().write(HostilePeers.packet("DATA", 0, "[\"big\"]"));
            deaf.out().write(HostilePeers.packet("EOF", 0, ""));
            deaf.out().flush();
            running.awaitSubscribers(2, Duration.ofSeconds(60));

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
                SubscriptionState seen;
                do {
                    seen = states.poll(60, TimeUnit.SECONDS);
                    assertThat(seen).as("the reader sees round %d", round).isNotNull();
                } while (seen.get("big", lastKey) == null || !seen.get("big", lastKey).asText().equals(stamp));
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
}
