package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.client.SubscriptionState;
import io.scamp.message.ScampJson;
import io.scamp.message.SubscriptionRefusedException;
import io.scamp.testing.TestService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** Subscriptions and notifications (SCAMP.md §10) between a real service and client over TLS on loopback. */
class SubscriptionIT {
    private final ScampClient client = ScampClient.create();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        client.close();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private TestService service(java.util.function.Consumer<ScampServiceBuilder> extra) {
        TestService s = TestService.start(extra);
        toClose.add(s);
        return s;
    }

    /** States of a subscription, as they come. */
    private final class States implements AutoCloseable {
        final BlockingQueue<SubscriptionState> queue = new LinkedBlockingQueue<>();
        final Disposable subscription;
        volatile Throwable failure;
        final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

        States(Endpoint target, String... codes) {
            subscription = client.subscribe(target, codes).subscribe(queue::add, e -> {
                failure = e;
                ended.countDown();
            });
            toClose.add(this);
        }

        SubscriptionState next() throws InterruptedException {
            SubscriptionState s = queue.poll(30, TimeUnit.SECONDS);
            assertThat(s).as("a state within 30 s (failure: %s)", failure).isNotNull();
            return s;
        }

        /** The first state that matches, skipping others. */
        SubscriptionState until(Predicate<SubscriptionState> wanted) throws InterruptedException {
            SubscriptionState s;
            do {
                s = next();
            } while (!wanted.test(s));
            return s;
        }

        @Override
        public void close() {
            subscription.dispose();
        }
    }

    private static JsonNode json(Object value) {
        return ScampJson.mapper().valueToTree(value);
    }

    @Test
    void aSubscriberSeesTheSnapshotThenEachChangeInOrder() throws Exception {
        RunningService running = service(b -> { }).running();
        running.publish("greet", "en", "hello");
        running.publish("other", "x", 1);

        States states = new States(running.endpoint(), "greet");

        SubscriptionState snapshot = states.next();
        assertThat(snapshot.kind()).isEqualTo(SubscriptionState.Kind.SNAPSHOT);
        assertThat(snapshot.data()).isEqualTo(Map.of("greet", Map.of("en", json("hello"))));

        for (int i = 0; i < 20; i++) {
            running.publish("greet", "n", i);
            SubscriptionState change = states.next();
            assertThat(change.kind()).isEqualTo(SubscriptionState.Kind.CHANGE);
            assertThat(change.changes()).containsExactly(new io.scamp.message.SubscriptionChange("greet", "n", json(i)));
        }
        running.publish("greet", "en", null);
        assertThat(states.next().get("greet")).containsOnlyKeys("n");
    }

    @Test
    void theAnnounceCodeCarriesTheServiceRecordLiveUntilItDrains() throws Exception {
        TestService service = TestService.start(b -> { });
        RunningService running = service.running();
        States states = new States(running.endpoint(), "announce");

        String record = states.next().get("announce", "").asText();
        assertThat(line(record, 1)).isEqualTo(running.ident());
        assertThat(line(record, 3)).isEqualTo("1");

        running.stop(Duration.ofSeconds(5)).block(Duration.ofSeconds(30));

        SubscriptionState draining = states.until(s -> s.get("announce", "") != null && !s.get("announce", "").asText().equals(record));
        assertThat(line(draining.get("announce", "").asText(), 3)).as("weight while draining").isEqualTo("0");
    }

    /** Field {@code index} of a record's JSON line. */
    private static String line(String record, int index) throws Exception {
        return ScampJson.mapper().readTree(record.substring(0, record.indexOf('\n'))).get(index).asText();
    }

    @Test
    void aServiceRestartMidSubscriptionIsSurvived() throws Exception {
        TestService first = TestService.start(b -> { });
        RunningService running = first.running();
        int port = running.port();
        running.publish("greet", "en", "hello");
        running.publish("greet", "de", "hallo");
        States states = new States(running.endpoint(), "greet");
        assertThat(states.next().get("greet")).containsOnlyKeys("en", "de");

        first.close();
        TestService second = service(b -> b.port(port));
        second.running().publish("greet", "en", "hello");
        second.running().publish("greet", "fr", "bonjour");

        // The subscriber may reconnect before the new service has published, or after: either
        // way its first state from the new service is one RESYNC, with what differs.
        SubscriptionState resync = states.until(s -> s.kind() == SubscriptionState.Kind.RESYNC);
        assertThat(resync.changes()).as("what differs from the old service's data")
                .contains(new io.scamp.message.SubscriptionChange("greet", "de", null));
        SubscriptionState caughtUp = resync.get("greet").containsKey("fr") ? resync : states.until(s -> s.get("greet").containsKey("fr"));
        assertThat(caughtUp.get("greet")).containsOnlyKeys("en", "fr");

        second.running().publish("greet", "en", "hi");
        assertThat(states.next().get("greet", "en").asText()).isEqualTo("hi");
    }

    @Test
    void elevenCodesAreRefused() {
        RunningService running = service(b -> { }).running();

        assertThatThrownBy(() -> client.subscribe(running.endpoint(), "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")
                .blockFirst(Duration.ofSeconds(30)))
                .isInstanceOf(SubscriptionRefusedException.class);
        assertThat(client.subscribe(running.endpoint(), "a", "b", "c", "d", "e", "f", "g", "h", "i", "j")
                .blockFirst(Duration.ofSeconds(30)).kind()).isEqualTo(SubscriptionState.Kind.SNAPSHOT);
    }

    @Test
    void eventsNeverInterleaveOutOfOrderWithTheSnapshot() throws Exception {
        ServiceServer running = (ServiceServer) service(b -> { }).running();
        int after = 3000;
        int subscriberCount = 6;
        java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
        // Publishes while the subscribers join (until all six are in, a minute at most), then 3,000 more.
        Thread publisher = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            int i = 0;
            for (int left = -1; left != 0 && System.nanoTime() < deadline; ) {
                i++;
                running.publish("c", "n", i);
                running.publish("c", "k" + (i % 37), i);
                if (i % 5 == 0) {
                    running.publish("c", "k" + (i % 37), null);
                }
                if (left < 0 && running.subscribers() == subscriberCount) {
                    left = after;
                } else if (left > 0) {
                    left--;
                }
            }
            published.set(i);
            running.publish("c", "done", true);
        });
        List<States> subscribers = new ArrayList<>();
        publisher.start();
        for (int s = 0; s < subscriberCount; s++) {
            subscribers.add(new States(running.endpoint(), "c"));
        }
        publisher.join();
        int total = published.get();
        assertThat(total).as("publishes, the last 3,000 after every subscriber was in").isGreaterThan(after);
        Map<String, JsonNode> expected = new java.util.HashMap<>();
        for (int j = 0; j < 37; j++) {
            JsonNode v = running.publishedValue("c", "k" + j);
            if (v != null) {
                expected.put("k" + j, v);
            }
        }
        expected.put("n", json(total));
        expected.put("done", json(true));

        for (States states : subscribers) {
            int lastN = 0;
            SubscriptionState s;
            do {
                s = states.next();
                JsonNode n = s.get("c", "n");
                int seen = n == null ? 0 : n.asInt();
                assertThat(seen).as("n never goes back").isGreaterThanOrEqualTo(lastN);
                lastN = seen;
            } while (s.get("c", "done") == null);
            assertThat(s.get("c")).as("the state once every event is in").isEqualTo(expected);
        }
    }

    @Test
    void cancellingUnsubscribes() throws Exception {
        ServiceServer running = (ServiceServer) service(b -> { }).running();
        States states = new States(running.endpoint(), "greet");
        states.next();
        assertThat(running.subscribers()).isEqualTo(1);

        states.close();

        running.awaitSubscribers(0, Duration.ofSeconds(30)); // the service forgets the subscriber
    }

    @Test
    void notificationsReachTheServiceFromOurClientAndFromAScampJsStylePeer() throws Exception {
        BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
        RunningService running = service(b -> b.onNotify(received::add)).running();

        client.notify(running.endpoint(), Map.of("hello", "world")).block(Duration.ofSeconds(30));

        Notification first = received.poll(30, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.body()).isEqualTo(json(Map.of("hello", "world")));

        try (io.scamp.testing.HostilePeers.Peer js = io.scamp.testing.HostilePeers.connect(running.endpoint())) {
            // As scamp-js's client.notify writes it: header {"type":"notify"}, the JSON body, EOF.
            js.out().write(io.scamp.testing.HostilePeers.packet("HEADER", 0, "{\"type\":\"notify\"}"));
            js.out().write(io.scamp.testing.HostilePeers.packet("DATA", 0, "[1,2,3]"));
            js.out().write(io.scamp.testing.HostilePeers.packet("EOF", 0, ""));
            js.out().flush();
            Notification second = received.poll(30, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(second.body()).isEqualTo(json(List.of(1, 2, 3)));
        }
    }

    @Test
    void closingTheClientEndsItsSubscriptionsWithATransportError() throws Exception {
        ServiceServer running = (ServiceServer) service(b -> { }).running();
        States states = new States(running.endpoint(), "greet");
        states.next();

        client.close();

        assertThat(states.ended.await(30, TimeUnit.SECONDS)).as("the subscription ends").isTrue();
        assertThat(states.failure).isInstanceOf(io.scamp.message.TransportException.class).hasMessageContaining("client is closed");
        running.awaitSubscribers(0, Duration.ofSeconds(30)); // the service forgets the subscriber
    }

    @Test
    void notifyToNobodyFailsWithATransportError() {
        Endpoint nobody = Endpoint.of("beepish+tls://127.0.0.1:1", null);

        assertThatThrownBy(() -> client.notify(nobody, Map.of()).block(Duration.ofSeconds(30)))
                .isInstanceOf(io.scamp.message.TransportException.class);
    }
}
