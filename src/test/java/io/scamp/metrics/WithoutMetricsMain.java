package io.scamp.metrics;

import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.tls.ServiceIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A service and a client with no metrics configured, one call between them, for
 * {@link MetricsAbsentIT}'s JVMs: prints whether Micrometer is on the class path, then
 * {@code echoed: TEXT}, and exits 0.
 */
public final class WithoutMetricsMain {
    private WithoutMetricsMain() {
    }

    public static void main(String[] args) throws Exception {
        // Looked up as a resource: loading the class to find out would load it.
        boolean micrometer = WithoutMetricsMain.class.getClassLoader().getResource("io/micrometer/core/instrument/MeterRegistry.class") != null;
        System.out.println("micrometer " + (micrometer ? "present" : "absent"));
        RunningService running = ScampService.builder().name("no-metrics").identity(ServiceIdentity.generate("no-metrics"))
                .bindAddress("127.0.0.1").port(0)
                .action("Test.echo", 1, req -> Mono.just(Reply.of(req.body())))
                .build().start().block(Duration.ofSeconds(30));
        try (ScampClient client = ScampClient.builder().build()) {
            String echoed = client.request(running.endpoint(), Request.builder("Test.echo").body("hello".getBytes(StandardCharsets.UTF_8)).build())
                    .flatMap(Reply::bodyAsString).block(Duration.ofSeconds(30));
            System.out.println("echoed: " + echoed);
        } finally {
            running.stop().block(Duration.ofSeconds(30));
        }
        System.exit(0);
    }
}
