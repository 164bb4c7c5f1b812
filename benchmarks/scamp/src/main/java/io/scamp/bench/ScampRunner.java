package io.scamp.bench;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.tls.ServiceIdentity;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * This library under {@link Measurements}: a ScampService and a ScampClient over TLS on
 * loopback, in one JVM; in an RTT sweep ({@link Rtt}) the client reaches the service through
 * the delay proxy.
 */
public final class ScampRunner implements Workload {
    private static final int CHUNK = 128 * 1024;
    /** The wide window of the {@code _w1m} bulk figures: 1 MiB. */
    static final int WIDE_WINDOW = 1 << 20;
    private static final ByteBuffer CHUNK_BYTES = ByteBuffer.allocate(CHUNK).asReadOnlyBuffer();

    private final RunningService service;
    private final ScampClient client;
    private final Rtt.Front front;
    private final Endpoint endpoint;

    /** {@code window}: the window set on the service and the client, or 0 for the library's default (none set). */
    ScampRunner(int window) throws java.io.IOException {
        var builder = ScampService.builder();
        var clientBuilder = ScampClient.builder();
        if (window > 0) {
            builder.maxInflight(window);
            clientBuilder.maxInflight(window);
        }
        if (!Boolean.parseBoolean(System.getProperty("bench.adaptive", "true"))) {
            builder.adaptiveWindow(false);
            clientBuilder.adaptiveWindow(false);
        }
        if (Boolean.getBoolean("bench.metrics")) {
            io.micrometer.core.instrument.MeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            builder.metrics(registry);
            clientBuilder.metrics(registry);
        }
        service = builder.name("bench").identity(ServiceIdentity.generate("bench")).bindAddress("127.0.0.1").port(0)
                .action("Bench.echo", 1, req -> Mono.just(Reply.of(req.body())))
                .action("Bench.upload", 1, req -> req.body().reduce(0L, (n, b) -> n + b.remaining()).map(n -> Reply.json(Map.of("bytes", n))))
                .action("Bench.download", 1, req -> req.bodyAsJson(Map.class).map(m -> Reply.of(chunks(((Number) m.get("bytes")).longValue()))))
                .build().start().block();
        client = clientBuilder.build();
        front = Rtt.front(Endpoint.of(service.address(), service.fingerprint()).port());
        endpoint = Endpoint.of("beepish+tls://127.0.0.1:" + front.port(), service.fingerprint());
    }

    /**
     * Runs every measurement as a user gets the library, with the protocol's default 64 KiB
     * window ({@code flow.max_inflight}), then the bulk transfers again with a
     * {@value #WIDE_WINDOW}-byte window set on the service and the client, reported with the
     * suffix {@code _w1m}: more throughput, paid for in small-call latency on a shared
     * connection, since a window is also how many bytes can queue ahead of a small reply.
     * (RSocket's runner keeps 32 frames of 128 KiB requested.) {@code -Dbench.tls=jdk|openssl}
     * picks the TLS provider, as for the peers; {@code -Dbench.window=BYTES} sets the main
     * run's window (for experiments; without it none is set and the library's default
     * applies), {@code -Dbench.adaptive=false} keeps it fixed; {@code -Dbench.metrics=true} records the library's metrics on both sides into a
     * {@code SimpleMeterRegistry} (docs/observability.md), for their cost per call. In an RTT
     * sweep only the default-settings run, through the delay proxy.
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("scamp.tls.provider", System.getProperty("bench.tls", "openssl"));
        Params params = Params.from(args);
        WindowWatch.install();
        try (ScampRunner runner = new ScampRunner(Integer.getInteger("bench.window", 0))) {
            Measurements.run(runner, params);
        }
        if (!Rtt.sweep()) {
            try (ScampRunner wide = new ScampRunner(WIDE_WINDOW)) {
                Measurements.bulk(wide, params, "_w1m");
            }
        }
        WindowWatch.INSTANCE.close();
        System.exit(0);
    }

    static Flux<ByteBuffer> chunks(long total) {
        return Flux.generate(() -> 0L, (sent, sink) -> {
            if (sent >= total) {
                sink.complete();
                return sent;
            }
            int n = (int) Math.min(CHUNK, total - sent);
            sink.next(CHUNK_BYTES.duplicate().limit(n));
            return sent + n;
        });
    }

    @Override
    public String system() {
        return "scamp";
    }

    @Override
    public void echo(byte[] body, Consumer<Throwable> done) {
        client.request(endpoint, Request.builder("Bench.echo").body(body).build())
                .flatMap(r -> r.body().then())
                .subscribe(null, done, () -> done.accept(null));
    }

    @Override
    public Long upload(long bytes) {
        Map<?, ?> reply = client.request(endpoint, Request.builder("Bench.upload").body(chunks(bytes)).timeout(Duration.ofMinutes(10)).build())
                .flatMap(r -> r.bodyAsJson(Map.class)).block();
        return ((Number) reply.get("bytes")).longValue();
    }

    @Override
    public Long download(long bytes) {
        return client.request(endpoint, Request.builder("Bench.download").json(Map.of("bytes", bytes)).timeout(Duration.ofMinutes(10)).build())
                .flatMap(r -> r.body().reduce(0L, (n, b) -> n + b.remaining())).block();
    }

    /**
     * The window the last transfer's sender ended with (#11, item 5): the library logs each
     * change of an adaptive window at TRACE ({@code io.scamp.connection.AdaptiveWindow});
     * {@link WindowWatch} reads those records. When {@code -Dbench.window_trace=FILE} is set,
     * every change also goes to FILE as {@link WindowTrace} CSV.
     */
    @Override
    public OptionalLong lastWindow() {
        return WindowWatch.INSTANCE.last();
    }

    @Override
    public boolean supportsCalls() {
        return true;
    }

    @Override
    public int connections(int n) {
        List<ScampClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                clients.add(ScampClient.builder().shareEventLoopsWith(client).build());
            }
            Long ok = Flux.fromIterable(clients)
                    .flatMap(c -> c.request(endpoint, Request.builder("Bench.echo").body(new byte[64]).build())
                            .flatMap(r -> r.body().then(Mono.just(1L)))
                            // A connection or call that never completes counts as failed instead of hanging the run.
                            .timeout(Duration.ofSeconds(60))
                            .onErrorResume(e -> Mono.just(0L)), n)
                    .reduce(0L, Long::sum).block();
            return ok.intValue();
        } finally {
            clients.forEach(ScampClient::close);
        }
    }

    @Override
    public void close() {
        client.close();
        service.stop(Duration.ofSeconds(5)).block();
        front.close();
    }
}
