package io.scamp.testing;

import io.scamp.client.Endpoint;
import io.scamp.message.Reply;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.service.ScampServiceBuilder;
import io.scamp.tls.ServiceIdentity;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/** Starts a loopback service with a shared test identity and a few standard actions. */
public final class TestService implements AutoCloseable {
    private static ServiceIdentity sharedIdentity;

    private final RunningService running;

    private TestService(RunningService running) {
        this.running = running;
    }

    /** One generated identity for the whole test run: RSA key generation is slow. */
    public static synchronized ServiceIdentity identity() {
        if (sharedIdentity == null) {
            sharedIdentity = ServiceIdentity.generate("scamp-test");
        }
        return sharedIdentity;
    }

    /**
     * A service on 127.0.0.1, a free port, with {@code Test.echo} (streams the body back),
     * {@code Test.count} (replies {"bytes":N}) and {@code Test.fail} (error code "test_failure"),
     * plus whatever {@code extra} adds.
     */
    public static TestService start(Consumer<ScampServiceBuilder> extra) {
        ScampServiceBuilder builder = ScampService.builder()
                .name("test")
                .identity(identity())
                .bindAddress("127.0.0.1")
                .port(0)
                .drainTimeout(Duration.ofSeconds(10))
                .action("Test.echo", 1, req -> Mono.just(Reply.of(req.body())))
                .action("Test.count", 1, req -> req.body()
                        .reduce(0L, (n, b) -> n + b.remaining())
                        .map(n -> Reply.json(Map.of("bytes", n))))
                .action("Test.fail", 1, req -> Mono.error(
                        new io.scamp.message.RemoteActionException("test_failure", "failed on purpose", null)));
        extra.accept(builder);
        return new TestService(builder.build().start().block(Duration.ofSeconds(30)));
    }

    public static TestService start() {
        return start(b -> { });
    }

    public RunningService running() {
        return running;
    }

    public Endpoint endpoint() {
        return Endpoint.of(running.address(), running.fingerprint());
    }

    /** This service's signed announcement (weight 1, sector main), offering {@code actions} at version 1, for a directory. */
    public io.scamp.discovery.AnnouncementRecord record(String... actions) {
        java.util.List<io.scamp.discovery.ActionEntry> entries = java.util.Arrays.stream(actions)
                .map(a -> new io.scamp.discovery.ActionEntry("main", a, 1, java.util.List.of(), java.util.List.of("json"))).toList();
        return io.scamp.discovery.AnnouncementParser.parse(io.scamp.discovery.AnnouncementSigner.sign(new io.scamp.discovery.AnnouncementSigner
                .Announcement(running.ident(), "main", 1, 5000, running.address(), java.util.List.of("json"), entries,
                        System.currentTimeMillis() / 1000.0), identity())).verify();
    }

    @Override
    public void close() {
        running.stop(Duration.ofSeconds(5)).block(Duration.ofSeconds(30));
    }
}
