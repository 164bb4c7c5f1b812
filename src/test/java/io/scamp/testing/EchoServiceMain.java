package io.scamp.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.util.internal.PlatformDependent;
import io.scamp.message.Reply;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.service.ScampServiceBuilder;
import io.scamp.tls.ServiceIdentity;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * A standalone echo service for tests that need a separate, heap-limited JVM. Prints
 * {@code ADDRESS FINGERPRINT} on one line when ready and serves until stdin closes.
 *
 * <p>Actions: {@code Test.echo} (the request body back, streamed), {@code Test.source} (a JSON
 * body {@code {"bytes":N}} gets N bytes of the {@link TestBodies#pattern} back), and
 * {@code Test.stats} (runs a GC and answers
 * {@code {"heapUsed":..,"heapMax":..,"nettyDirect":..,"bodyErrors":{CLASS:COUNT,..}}}: the live
 * heap, the direct memory Netty holds, and how often a {@code Test.echo} request body failed
 * with each exception class, so a test can check what an attack left and how its connection ended).
 *
 * <p>System properties, all optional (the library's defaults otherwise):
 * {@code scamp.test.stallSeconds} (receive stall timeout), {@code scamp.test.maxRequestsPerConnection}
 * (open requests per connection; the per-service limit keeps its default unless it is lower).
 */
public final class EchoServiceMain {
    /** How often a {@code Test.echo} request body failed, by exception class. */
    private static final Map<String, Long> BODY_ERRORS = new ConcurrentHashMap<>();

    private EchoServiceMain() {
    }

    public static void main(String[] args) throws Exception {
        ScampServiceBuilder builder = ScampService.builder()
                .name("echo-main")
                .identity(ServiceIdentity.generate("echo-main"))
                .port(0)
                .receiveStallTimeout(Duration.ofSeconds(Long.getLong("scamp.test.stallSeconds", 60)))
                .action("Test.echo", 1, req -> Mono.just(Reply.of(req.body()
                        .doOnError(e -> BODY_ERRORS.merge(e.getClass().getName(), 1L, Long::sum)))))
                .action("Test.source", 1, req -> req.bodyAsJson(JsonNode.class)
                        .map(json -> Reply.of(TestBodies.pattern(json.path("bytes").asLong(), 32 * 1024))))
                .action("Test.stats", 1, req -> Mono.fromCallable(EchoServiceMain::stats).map(Reply::json));
        Integer perConnection = Integer.getInteger("scamp.test.maxRequestsPerConnection");
        if (perConnection != null) {
            int perService = (int) Math.max(1024, Math.min(65536, Runtime.getRuntime().maxMemory() / 65536));
            builder.maxConcurrentRequests(perConnection, Math.max(perConnection, perService));
        }
        RunningService running = builder.build().start().block();
        System.out.println(running.address() + " " + running.fingerprint());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our stdin
        }
        running.stop().block();
    }

    private static Map<String, Object> stats() {
        System.gc();
        return Map.of("heapUsed", heapAfterLastCollection(), "heapMax", Runtime.getRuntime().maxMemory(),
                "nettyDirect", PlatformDependent.usedDirectMemory(), "bodyErrors", new TreeMap<>(BODY_ERRORS));
    }

    /**
     * The heap in use right after the last collection (the {@code System.gc()} just run), as
     * each heap pool recorded it then: what was live, whatever the event loops allocated since
     * (a flood being decoded allocates fast, and {@code totalMemory - freeMemory} counts that).
     */
    private static long heapAfterLastCollection() {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }
}
