package io.scamp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.AnnouncementParser;
import io.scamp.discovery.AnnouncementRecord;
import io.scamp.discovery.AnnouncementSigner;
import io.scamp.discovery.AuthorizedServices;
import io.scamp.discovery.AuthorizedServicesSource;
import io.scamp.discovery.CacheFileAnnouncer;
import io.scamp.discovery.CacheFileReader;
import io.scamp.discovery.CacheFileSource;
import io.scamp.discovery.DiscoverySource;
import io.scamp.discovery.ServiceDirectory;
import io.scamp.discovery.SourceState;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.ScampTimeoutException;
import io.scamp.message.ServiceNotFoundException;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.testing.TestService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Requests routed by action name through the directory (SCAMP.md §6, §7.2). */
class RoutingIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private RunningService service(String name) {
        RunningService running = ScampService.builder().name(name).identity(TestService.identity()).bindAddress("127.0.0.1").port(0)
                .action("Route.who", 1, req -> Mono.just(Reply.bytes(name.getBytes(StandardCharsets.UTF_8))))
                .build().start().block(WAIT);
        closeables.add(() -> running.stop().block(WAIT));
        return running;
    }

    private static AnnouncementRecord record(String ident, String address, int weight, ActionEntry... actions) {
        return AnnouncementParser.parse(AnnouncementSigner.sign(new AnnouncementSigner.Announcement(ident, "main", weight, 5000, address,
                List.of("json"), List.of(actions), System.currentTimeMillis() / 1000.0), TestService.identity())).verify();
    }

    private static ActionEntry who(String... envelopes) {
        return new ActionEntry("main", "Route.who", 1, List.of(), List.of(envelopes.length == 0 ? new String[] {"json"} : envelopes));
    }

    private ScampClient client(List<AnnouncementRecord> records, AuthorizedServices rules) {
        ServiceDirectory directory = ServiceDirectory.create(List.of(DiscoverySource.of(records)), AuthorizedServicesSource.fixed(rules));
        closeables.add(directory);
        directory.awaitFirst(WAIT);
        ScampClient client = ScampClient.builder().directory(directory).build();
        closeables.add(client);
        return client;
    }

    private static String who(ScampClient client, Request request) {
        return client.request(request).flatMap(Reply::bodyAsString).block(WAIT);
    }

    @Test
    void picksOnlyRoutableInstances() {
        RunningService good = service("good");
        RunningService drainingOne = service("draining");
        RunningService wrongEnvelope = service("extdirect-only");
        ScampClient client = client(List.of(
                record("good:1", good.address(), 1, who()),
                record("draining:1", drainingOne.address(), 0, who()),
                record("env:1", wrongEnvelope.address(), 1, who("extdirect"))), AuthorizedServices.allowAll());

        Set<String> answered = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            answered.add(who(client, Request.builder("route.WHO").build()));
        }

        assertThat(answered).containsExactly("good");
    }

    @Test
    void aRequestBeforeTheDirectorysFirstTableWaitsForIt() {
        RunningService good = service("good");
        Sinks.One<SourceState> firstRead = Sinks.one();
        ServiceDirectory directory = ServiceDirectory.create(List.of(() -> firstRead.asMono().concatWith(Flux.never())),
                AuthorizedServicesSource.fixed(AuthorizedServices.allowAll()));
        closeables.add(directory);
        ScampClient client = ScampClient.builder().directory(directory).build();
        closeables.add(client);

        Mono<String> answer = client.request(Request.builder("Route.who").build()).flatMap(Reply::bodyAsString).cache();
        answer.subscribe(null, e -> { });
        assertThat(directory.hasTable()).isFalse();
        firstRead.tryEmitValue(new SourceState(List.of(record("good:1", good.address(), 1, who())), List.of(), false));

        assertThat(answer.block(WAIT)).isEqualTo("good");
    }

    @Test
    void aRequestTimesOutWhenTheDirectoryNeverProducesATable() {
        ServiceDirectory directory = ServiceDirectory.create(List.of(() -> Flux.never()),
                AuthorizedServicesSource.fixed(AuthorizedServices.allowAll()));
        closeables.add(directory);
        ScampClient client = ScampClient.builder().directory(directory).build();
        closeables.add(client);

        assertThatThrownBy(() -> client.request(Request.builder("Route.who").timeout(Duration.ofMillis(200)).build()).block(WAIT))
                .isInstanceOf(ScampTimeoutException.class).hasMessageContaining("no table yet");
    }

    @Test
    void unauthorizedInstancesAreInvisible() {
        RunningService good = service("good");
        ScampClient client = client(List.of(record("good:1", good.address(), 1, who())),
                AuthorizedServices.parse(good.fingerprint() + " Other.things"));

        assertThatThrownBy(() -> who(client, Request.builder("Route.who").build()))
                .isInstanceOfSatisfying(ServiceNotFoundException.class, e -> {
                    assertThat(e.key()).isEqualTo("main:route.who.v1");
                    assertThat(e.directoryStale()).isFalse();
                    assertThat(e.getMessage()).contains("main:route.who.v1").contains("current");
                    assertThat(e.unauthorizedInstances()).isEqualTo(1);
                    assertThat(e.unauthorizedFingerprints()).containsExactly(good.fingerprint());
                    assertThat(e.authorizationSource()).isEqualTo("rules parsed from text");
                });
    }

    @Test
    void notFoundSaysWhichInstancesTheAuthorizedServicesFileFilteredOut() throws Exception {
        RunningService good = service("good");
        Path rules = dir.resolve("authorized_services");
        Files.writeString(rules, "# authorizes nothing\n");
        ServiceDirectory directory = ServiceDirectory.create(List.of(DiscoverySource.of(List.of(record("good:1", good.address(), 1, who())))),
                AuthorizedServicesSource.watch(rules, false));
        closeables.add(directory);
        directory.awaitFirst(WAIT);
        ScampClient client = ScampClient.builder().directory(directory).build();
        closeables.add(client);

        assertThatThrownBy(() -> who(client, Request.builder("Route.who").build()))
                .isInstanceOfSatisfying(ServiceNotFoundException.class, e -> assertThat(e.getMessage())
                        .startsWith("no service offers main:route.who.v1 with envelope json (the service directory is current)")
                        .contains("1 instance offers the action but is not authorized to")
                        .contains(good.fingerprint())
                        .contains("bus.authorized_services")
                        .contains(rules.toString()));
    }

    @Test
    void notFoundSaysWhenInstancesOnlyDrainOrSpeakAnotherEnvelope() {
        RunningService drainingOne = service("draining");
        RunningService wrongEnvelope = service("extdirect-only");
        ScampClient client = client(List.of(
                record("draining:1", drainingOne.address(), 0, who()),
                record("env:1", wrongEnvelope.address(), 1, who("extdirect"))), AuthorizedServices.allowAll());

        assertThatThrownBy(() -> who(client, Request.builder("Route.who").build()))
                .isInstanceOfSatisfying(ServiceNotFoundException.class, e -> assertThat(e.getMessage())
                        .contains("1 instance offers the action only with envelope extdirect")
                        .contains("1 instance offering it is draining (weight 0)")
                        .doesNotContain("not authorized"));
    }

    @Test
    void dispatchFailureMarksTheInstanceAndRetriesElsewhere() throws Exception {
        RunningService good = service("good");
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        ScampClient client = client(List.of(
                record("dead:1", "beepish+tls://127.0.0.1:" + deadPort, 1000, who()),
                record("good:1", good.address(), 1, who())), AuthorizedServices.allowAll());

        for (int i = 0; i < 10; i++) {
            assertThat(who(client, Request.builder("Route.who").build())).isEqualTo("good");
        }
    }

    @Test
    void aBodyThatCannotBeReplayedIsRetriedAfterADispatchFailureOnlyIfItWasNeverSent() throws Exception {
        RunningService good = service("good");
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        ScampClient client = client(List.of(
                record("dead:1", "beepish+tls://127.0.0.1:" + deadPort, 1_000_000_000, who()),
                record("good:1", good.address(), 1, who())), AuthorizedServices.allowAll());
        AtomicInteger sends = new AtomicInteger();
        Flux<ByteBuffer> oneShot = Flux.defer(() -> {
            sends.incrementAndGet();
            return Flux.just(ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
        });

        assertThat(who(client, Request.of("Route.who", oneShot))).isEqualTo("good"); // the dead instance never saw the body
        assertThat(sends).hasValue(1);
    }

    @Test
    void aBodyAlreadySentIsRetriedAfterADispatchFailureOnlyIfItIsReplayable() throws Exception {
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(2);
        RunningService draining = echoingService("draining", holding);
        RunningService good = echoingService("good", null);
        List<AnnouncementRecord> records = List.of(
                record("draining:1", draining.address(), 1_000_000_000, who()),
                record("good:1", good.address(), 1, who()));
        // Two clients, so that the first failure does not mark the instance failing for the second.
        ScampClient replaying = client(records, AuthorizedServices.allowAll());
        ScampClient oneShot = client(records, AuthorizedServices.allowAll());
        Endpoint drainingEndpoint = Endpoint.of(draining.address(), draining.fingerprint());
        for (ScampClient c : List.of(replaying, oneShot)) {
            c.request(drainingEndpoint, Request.builder("Route.hold").build()).subscribe(null, e -> { }); // keeps the connection open through the drain
        }
        assertThat(holding.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        draining.stop(WAIT).subscribe(null, e -> { });
        for (ScampClient c : List.of(replaying, oneShot)) {
            awaitRefused(c, drainingEndpoint);
        }

        assertThat(replaying.request(Request.builder("Route.who").body("whole body".getBytes(StandardCharsets.UTF_8)).build())
                .flatMap(Reply::bodyAsString).block(WAIT)).isEqualTo("good:whole body");

        AtomicInteger sends = new AtomicInteger();
        Flux<ByteBuffer> body = Flux.defer(() -> {
            sends.incrementAndGet();
            return Flux.just(ByteBuffer.wrap("once".getBytes(StandardCharsets.UTF_8)));
        });
        assertThatThrownBy(() -> oneShot.request(Request.of("Route.who", body)).block(WAIT))
                .isInstanceOfSatisfying(RemoteActionException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("transport");
                    assertThat(Router.isDispatchFailure(e)).isTrue();
                });
        assertThat(sends).hasValue(1);
    }

    /**
     * A service whose {@code Route.who} answers {@code NAME:BODY}; with {@code holding}, also
     * {@code Route.hold}, which counts it down and never answers.
     */
    private RunningService echoingService(String name, java.util.concurrent.CountDownLatch holding) {
        var builder = ScampService.builder().name(name).identity(TestService.identity()).bindAddress("127.0.0.1").port(0)
                .action("Route.who", 1, req -> req.bodyAsBytes(1000)
                        .map(b -> Reply.bytes((name + ":" + new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))));
        if (holding != null) {
            builder.action("Route.hold", 1, req -> Mono.<Reply>never().doOnSubscribe(x -> holding.countDown()));
        }
        RunningService running = builder.build().start().block(WAIT);
        closeables.add(() -> running.stop(Duration.ofMillis(100)).block(WAIT));
        return running;
    }

    /** Sends requests to {@code endpoint} on the pooled connection until the draining service refuses one. */
    private static void awaitRefused(ScampClient client, Endpoint endpoint) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                client.request(endpoint, Request.builder("Route.who").build()).block(WAIT);
            } catch (RemoteActionException e) {
                assertThat(Router.isDispatchFailure(e)).isTrue();
                return;
            }
        }
        throw new AssertionError("the service never started draining");
    }

    @Test
    void timeoutFlagSetsTheRequestTimeout() {
        RunningService running = ScampService.builder().name("slow").identity(TestService.identity()).bindAddress("127.0.0.1").port(0)
                .action("Route.slow", 1, req -> Mono.never()).build().start().block(WAIT);
        closeables.add(() -> running.stop(Duration.ofMillis(100)).block(WAIT));
        ScampClient client = client(List.of(record("slow:1", running.address(), 1,
                new ActionEntry("main", "Route.slow", 1, List.of("t0"), List.of("json")))), AuthorizedServices.allowAll());

        assertThatThrownBy(() -> client.request(Request.builder("Route.slow").build()).block(WAIT))
                .isInstanceOfSatisfying(ScampTimeoutException.class, e -> assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void serviceRegistersInTheCacheFileAndLeavesOnStop() throws Exception {
        Path cache = dir.resolve("discovery_cache");
        RunningService running = ScampService.builder().name("registered").identity(TestService.identity()).bindAddress("127.0.0.1").port(0)
                .announcer(new CacheFileAnnouncer(cache))
                .action("Route.who", 1, Set.of("read", "t30", "local"), req -> Mono.just(Reply.bytes("registered".getBytes(StandardCharsets.UTF_8))))
                .build().start().block(WAIT);

        AnnouncementRecord record = CacheFileReader.read(cache).records().get(0);
        assertThat(record.ident()).isEqualTo(running.ident());
        assertThat(record.address()).isEqualTo(running.address());
        assertThat(record.fingerprint()).isEqualTo(running.fingerprint());
        assertThat(record.actions()).singleElement().satisfies(a -> assertThat(a.flags()).containsExactly("read", "t30"));

        ServiceDirectory directory = ServiceDirectory.create(List.of(new CacheFileSource(cache, Duration.ofSeconds(120))),
                AuthorizedServicesSource.fixed(AuthorizedServices.allowAll()));
        closeables.add(directory);
        directory.awaitFirst(WAIT);
        ScampClient client = ScampClient.builder().directory(directory).build();
        closeables.add(client);
        assertThat(who(client, Request.builder("Route._read").build())).isEqualTo("registered");

        running.stop().block(WAIT);
        assertThat(CacheFileReader.read(cache).records()).isEmpty();
        assertThat(Files.readString(cache)).doesNotContain(running.ident());
    }
}
