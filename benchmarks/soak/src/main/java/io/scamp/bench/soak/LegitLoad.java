package io.scamp.bench.soak;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.TestBodies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The legitimate side of the soak for one phase: {@code clients} clients, each with its own
 * connection, making small {@code Scamp.echo} calls for the phase's length, {@code perClient}
 * loops each, every loop paced to {@code callsPerSecond} in all (a loop starts its next call at
 * its next slot, or at once when the last answer came later), and one more client echoing a
 * large body meanwhile. The pace keeps the quiet phase from saturating the machine, so its
 * latencies are the service's and not a queue's. Every answer is checked byte for byte; a call
 * not answered right within {@link #CALL_TIMEOUT} counts as failed.
 */
final class LegitLoad {
    /** How long one small call may take, attack or not. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    /** How long the large echo may take. */
    static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(10);

    private LegitLoad() {
    }

    /** What one phase's legitimate calls got. */
    record Result(long attempted, long answered, Map<String, Long> failures, Histogram micros,
            long transferBytes, double transferSeconds, String transferFailure) {
        boolean transferOk() {
            return transferFailure == null;
        }
    }

    static Result run(Endpoint target, int clients, int perClient, int callsPerSecond, Duration length, long transferBytes) {
        Histogram micros = new ConcurrentHistogram(3);
        AtomicLong attempted = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + length.toNanos();
        long period = 1_000_000_000L * clients * perClient / callsPerSecond;
        List<ScampClient> opened = new ArrayList<>();
        try {
            List<Mono<Void>> loops = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                ScampClient client = ScampClient.create();
                opened.add(client);
                for (int i = 0; i < perClient; i++) {
                    String text = "legit call of client " + c + " loop " + i;
                    long[] nextSlot = {System.nanoTime()};
                    loops.add(Mono.defer(() -> {
                        long wait = nextSlot[0] - System.nanoTime();
                        nextSlot[0] = Math.max(nextSlot[0], System.nanoTime()) + period;
                        Mono<Void> call = Mono.defer(() -> smallCall(client, target, text, attempted, answered, failures, micros));
                        return wait > 0 ? Mono.delay(Duration.ofNanos(wait)).then(call) : call;
                    }).repeat(() -> System.nanoTime() < deadline).then());
                }
            }
            ScampClient bulk = ScampClient.create();
            opened.add(bulk);
            long t0 = System.nanoTime();
            String[] transferFailure = {null};
            Mono<Void> transfer = bulk.request(target, Request.builder("Scamp.echo")
                            .body(TestBodies.pattern(transferBytes, 128 * 1024), true).timeout(TRANSFER_TIMEOUT).build())
                    .flatMap(reply -> TestBodies.verifyPattern(reply.body()))
                    .doOnNext(n -> {
                        if (n != transferBytes) {
                            transferFailure[0] = "got " + n + " bytes of " + transferBytes;
                        }
                    })
                    .switchIfEmpty(Mono.fromRunnable(() -> transferFailure[0] = "no reply body"))
                    .onErrorResume(e -> {
                        transferFailure[0] = e.toString();
                        return Mono.empty();
                    })
                    .then();
            double[] transferSeconds = {0};
            loops.add(transfer.doFinally(s -> transferSeconds[0] = (System.nanoTime() - t0) / 1e9));
            Flux.merge(loops).blockLast(length.plus(TRANSFER_TIMEOUT));
            return new Result(attempted.get(), answered.get(), new TreeMap<>(failures), micros, transferBytes,
                    transferSeconds[0], transferFailure[0]);
        } finally {
            opened.forEach(ScampClient::close);
        }
    }

    private static Mono<Void> smallCall(ScampClient client, Endpoint target, String text, AtomicLong attempted,
            AtomicLong answered, Map<String, Long> failures, Histogram micros) {
        long t0 = System.nanoTime();
        attempted.incrementAndGet();
        return client.request(target, Request.builder("Scamp.echo").body(text.getBytes(StandardCharsets.UTF_8))
                        .timeout(CALL_TIMEOUT).build())
                .flatMap(Reply::bodyAsString)
                .timeout(CALL_TIMEOUT.plusSeconds(5))
                .doOnNext(back -> {
                    if (back.equals(text)) {
                        micros.recordValue((System.nanoTime() - t0) / 1000);
                        answered.incrementAndGet();
                    } else {
                        failures.merge("wrong answer", 1L, Long::sum);
                    }
                })
                .switchIfEmpty(Mono.fromRunnable(() -> failures.merge("no answer", 1L, Long::sum)))
                .onErrorResume(e -> {
                    failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    return Mono.empty();
                })
                .then();
    }
}
