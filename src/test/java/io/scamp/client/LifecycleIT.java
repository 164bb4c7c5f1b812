package io.scamp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.discovery.AnnouncementRecord;
import io.scamp.discovery.ServiceDirectory;
import io.scamp.discovery.ServiceTable;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.testing.TestService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Shutting clients, services and directories down the Reactor way: from inside a chain, on
 * non-blocking threads and on the event loop itself, without errors, and with the event
 * loops really stopped afterwards.
 */
class LifecycleIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aClientDisposedInsideAChainStopsItsEventLoops() throws InterruptedException {
        try (TestService service = TestService.start()) {
            ScampClient client = ScampClient.create();
            AtomicReference<Thread> loop = new AtomicReference<>();

            client.request(service.endpoint(), Request.json("Test.count", Map.of()))
                    .doOnNext(reply -> loop.set(Thread.currentThread()))
                    .flatMap(reply -> reply.bodyAsBytes(1024))
                    .publishOn(Schedulers.parallel())
                    .then(client.disposeLater())
                    .block(WAIT);

            assertThat(client.isDisposed()).isTrue();
            loop.get().join(WAIT.toMillis());
            assertThat(loop.get().isAlive()).as("the client's event loop thread %s", loop.get().getName()).isFalse();
            StepVerifier.create(client.request(service.endpoint(), Request.json("Test.count", Map.of())))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransportException.class).hasMessageContaining("closed"))
                    .verify(WAIT);
        }
    }

    @Test
    void closeOnANonBlockingThreadStartsShuttingDownInsteadOfThrowing() {
        try (TestService service = TestService.start()) {
            ScampClient client = ScampClient.create();
            client.connect(service.endpoint()).block(WAIT);

            Mono.fromRunnable(client::close).subscribeOn(Schedulers.parallel()).block(WAIT);

            assertThat(client.isDisposed()).isTrue();
            StepVerifier.create(client.disposeLater()).verifyComplete();
        }
    }

    @Test
    void closeOnTheClientsOwnEventLoopDoesNotDeadlock() {
        try (TestService service = TestService.start()) {
            ScampClient client = ScampClient.create();

            client.request(service.endpoint(), Request.json("Test.count", Map.of()))
                    .doOnNext(reply -> client.close())
                    .block(WAIT);

            StepVerifier.create(client.disposeLater()).expectComplete().verify(WAIT);
        }
    }

    @Test
    void closeOnAnOrdinaryThreadWaitsUntilTheLoopsHaveStopped() throws InterruptedException {
        try (TestService service = TestService.start()) {
            ScampClient client = ScampClient.create();
            Thread loop = client.request(service.endpoint(), Request.json("Test.count", Map.of()))
                    .map(reply -> Thread.currentThread())
                    .block(WAIT);

            client.close();

            loop.join(WAIT.toMillis());
            assertThat(loop.isAlive()).isFalse();
        }
    }

    @Test
    void aServiceStoppedFromInsideAChainOrANonBlockingThreadStops() {
        RunningService first = ScampService.builder().ephemeralIdentity().port(0).build().start().block(WAIT);
        RunningService second = ScampService.builder().ephemeralIdentity().port(0).build().start().block(WAIT);

        Mono.just(1).publishOn(Schedulers.parallel()).then(first.disposeLater()).block(WAIT);
        Mono.fromRunnable(second::close).subscribeOn(Schedulers.parallel()).block(WAIT);

        assertThat(first.isDisposed()).isTrue();
        assertThat(second.isDisposed()).isTrue();
        StepVerifier.create(first.onStopped()).expectComplete().verify(WAIT);
        StepVerifier.create(second.onStopped()).expectComplete().verify(WAIT);
    }

    @Test
    void aClosedDirectoryCompletesItsSnapshotsForPresentAndLaterSubscribers() {
        ServiceDirectory directory = ServiceDirectory.of(List.<AnnouncementRecord>of());

        StepVerifier.create(directory.snapshots())
                .assertNext(table -> assertThat(table.services()).isEmpty())
                .then(directory::close)
                .verifyComplete();

        assertThat(directory.isDisposed()).isTrue();
        StepVerifier.create(directory.snapshots()).expectNextCount(1).verifyComplete();
        StepVerifier.create(directory.disposeLater()).verifyComplete();
        assertThat(directory.current()).isInstanceOf(ServiceTable.class);
    }

    @Test
    void connectFailsFastOnAFingerprintMismatchAndSucceedsOnTheRightOne() {
        try (TestService service = TestService.start(); ScampClient client = ScampClient.create()) {
            String wrong = "00" + service.running().fingerprint().substring(2);

            StepVerifier.create(client.connect(Endpoint.of(service.running().address(), wrong)))
                    .expectError(io.scamp.message.FingerprintMismatchException.class)
                    .verify(WAIT);
            StepVerifier.create(client.connect(service.running().endpoint())).expectComplete().verify(WAIT);
            assertThat(client.tlsProvider()).isIn("openssl", "jdk").isEqualTo(service.running().tlsProvider());
        }
    }

    @Test
    void requestJsonReachesTheVersionAsked() {
        try (TestService service = TestService.start(b -> b
                .action("Test.which", 2, req -> Mono.just(Reply.json(Map.of("version", 2)))));
             ScampClient client = ScampClient.create()) {
            Map<?, ?> answer = client.requestJson(service.running().endpoint(), "Test.which", 2, Map.of(), Map.class).block(WAIT);
            assertThat(answer).isNotNull();

            assertThat(answer.get("version")).isEqualTo(2);
            assertThatThrownBy(() -> client.requestJson(service.running().endpoint(), "Test.which", Map.of(), Map.class).block(WAIT))
                    .hasMessageContaining("not_found");
        }
    }

    @Test
    void eventLoopThreadsAreNonBlockingForReactor() {
        try (TestService service = TestService.start(b -> b.action("Test.where", 1,
                req -> Mono.fromCallable(() -> Reply.json(Map.of("nonBlocking", Schedulers.isInNonBlockingThread())))));
             ScampClient client = ScampClient.create()) {
            Map<?, ?> handler = client.requestJson(service.endpoint(), "Test.where", Map.of(), Map.class).block(WAIT);
            Boolean replyCallback = client.request(service.endpoint(), Request.json("Test.where", Map.of()))
                    .map(reply -> Schedulers.isInNonBlockingThread()).block(WAIT);

            assertThat(handler.get("nonBlocking")).as("a handler on the service's loop").isEqualTo(true);
            assertThat(replyCallback).as("a reply signalled on the client's loop").isTrue();
        }
    }

    @Test
    void anAnnouncerThatFailsToStopDoesNotKeepTheServiceFromStopping() {
        io.scamp.discovery.Announcer broken = new io.scamp.discovery.Announcer() {
            @Override
            public void start(io.scamp.discovery.AnnouncementSigner.Announcement announcement, io.scamp.tls.ServiceIdentity identity) {
            }

            @Override
            public void draining() {
                throw new IllegalStateException("cannot drain");
            }

            @Override
            public void stop() {
                throw new IllegalStateException("cannot stop");
            }
        };
        RunningService running = ScampService.builder().ephemeralIdentity().port(0).announcer(broken).build().start().block(WAIT);

        StepVerifier.create(running.stop(Duration.ZERO)).expectComplete().verify(WAIT);
    }

    @Test
    void shuttingDownAbortsAConnectionAttemptThatHangsInTheHandshake() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ScampClient client = ScampClient.builder().connectTimeout(Duration.ofMinutes(5)).build();
            reactor.core.publisher.Sinks.One<Throwable> failed = reactor.core.publisher.Sinks.one();
            client.request(Endpoint.of("beepish+tls://127.0.0.1:" + silent.getLocalPort(), null), Request.json("Test.count", Map.of()))
                    .subscribe(null, failed::tryEmitValue);
            try (java.net.Socket accepted = silent.accept()) { // TCP is up; TLS never answers

                client.disposeLater().block(WAIT); // well before the 5 minute connect timeout

                assertThat(failed.asMono().block(WAIT)).isInstanceOf(TransportException.class);
            }
        }
    }
}
