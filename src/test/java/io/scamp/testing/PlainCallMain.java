package io.scamp.testing;

import com.fasterxml.jackson.databind.node.TextNode;
import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A service and a client configured without a meter or observation registry, in a JVM of their
 * own ({@code OptionalMicrometerIT}): says whether Micrometer is on the class path (without
 * loading it), then makes two calls, one carrying W3C trace fields as a traced
 * peer would send them, and prints their replies. Exits 0 when both answered.
 */
public final class PlainCallMain {
    private static final Duration CALL = Duration.ofSeconds(20);

    private PlainCallMain() {
    }

    public static void main(String[] args) {
        // Looked up as resources: loading the classes to find out would load them.
        boolean present = ClassLoader.getSystemResource("io/micrometer/observation/ObservationRegistry.class") != null
                || ClassLoader.getSystemResource("io/micrometer/core/instrument/MeterRegistry.class") != null;
        System.out.println("micrometer " + (present ? "present" : "absent"));
        RunningService service = ScampService.builder().name("plain").identity(TestService.identity())
                .bindAddress("127.0.0.1").port(0)
                .action("Test.echo", 1, req -> Mono.just(Reply.of(req.body())))
                .build().start().block(CALL);
        try (ScampClient client = ScampClient.create()) {
            Endpoint target = Endpoint.of(service.address(), service.fingerprint());
            String plain = client.request(target, Request.json("Test.echo", "plain")).flatMap(Reply::bodyAsString).block(CALL);
            Request traced = Request.builder("Test.echo")
                    .headerField("traceparent", TextNode.valueOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
                    .headerField("tracestate", TextNode.valueOf("vendor=1"))
                    .json("traced").build();
            String withTraceFields = client.request(target, traced).flatMap(Reply::bodyAsString).block(CALL);
            System.out.println("replies " + plain + " " + withTraceFields);
        } finally {
            service.stop(Duration.ofSeconds(5)).block(CALL);
        }
    }
}
