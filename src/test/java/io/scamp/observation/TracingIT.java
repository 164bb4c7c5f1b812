package io.scamp.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.Request;
import io.scamp.testing.TestService;
import io.scamp.testing.TestTracing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Traces across a real client and service on loopback TLS, with Micrometer Tracing's
 * OpenTelemetry bridge on both: a call is one trace of two spans, the client's the parent of
 * the service's; a handler's own calls through a traced client join the trace; and either
 * side alone still works with a peer that does not trace.
 */
class TracingIT {
    private static final Duration CALL = Duration.ofSeconds(20);

    private final TestTracing tracing = new TestTracing();
    private final AtomicReference<Endpoint> self = new AtomicReference<>();
    private ScampClient client;
    private TestService service;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (service != null) {
            service.close();
        }
        tracing.close();
    }

    private ScampClient tracedClient() {
        return ScampClient.builder().observationRegistry(tracing.registry()).build();
    }

    private static String echo(ScampClient client, Endpoint target, String text) {
        return client.request(target, Request.json("Test.echo", text)).flatMap(r -> r.bodyAsString()).block(CALL);
    }

    private static Map<SpanKind, SpanData> byKind(List<SpanData> spans) {
        return spans.stream().collect(Collectors.toMap(SpanData::getKind, Function.identity()));
    }

    @Test
    void aCallIsOneTraceOfTwoSpansTheClientsTheParentOfTheServices() throws Exception {
        client = tracedClient();
        service = TestService.start(b -> b.observationRegistry(tracing.registry()));

        assertThat(echo(client, service.endpoint(), "hello")).isEqualTo("\"hello\"");

        Map<SpanKind, SpanData> spans = byKind(tracing.take(2));
        SpanData clientSpan = spans.get(SpanKind.CLIENT);
        SpanData serverSpan = spans.get(SpanKind.SERVER);
        assertThat(clientSpan.getParentSpanContext().isValid()).as("the client span is the root").isFalse();
        assertThat(serverSpan.getTraceId()).isEqualTo(clientSpan.getTraceId());
        assertThat(serverSpan.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
        assertThat(clientSpan.getName()).isEqualTo("Test.echo");
        assertThat(serverSpan.getName()).isEqualTo("Test.echo");
        assertThat(serverSpan.getAttributes().asMap().toString()).contains("side=service", "outcome=ok", "error_code=none");
        assertThat(tracing.finishedNow()).isEmpty();
    }

    @Test
    void aHandlersCallsThroughATracedClientJoinTheTrace() throws Exception {
        client = tracedClient();
        ScampClient calls = client;
        service = TestService.start(b -> b.observationRegistry(tracing.registry())
                .action("Test.front", 1, req -> calls.request(self.get(), Request.json("Test.echo", "inner"))
                        .flatMap(r -> r.bodyAsString()).map(io.scamp.message.Reply::json)));
        self.set(service.endpoint());

        String answer = client.request(service.endpoint(), Request.json("Test.front", "outer")).flatMap(r -> r.bodyAsString()).block(CALL);
        assertThat(answer).isEqualTo("\"\\\"inner\\\"\"");

        List<SpanData> spans = tracing.take(4);
        Map<String, SpanData> byName = spans.stream().collect(Collectors.toMap(s -> s.getKind() + " " + s.getName(), Function.identity()));
        SpanData outerClient = byName.get("CLIENT Test.front");
        SpanData front = byName.get("SERVER Test.front");
        SpanData innerClient = byName.get("CLIENT Test.echo");
        SpanData echo = byName.get("SERVER Test.echo");
        assertThat(spans).extracting(SpanData::getTraceId).containsOnly(outerClient.getTraceId());
        assertThat(front.getParentSpanId()).isEqualTo(outerClient.getSpanId());
        assertThat(innerClient.getParentSpanId()).as("the handler's call is a child of the handler's span").isEqualTo(front.getSpanId());
        assertThat(echo.getParentSpanId()).isEqualTo(innerClient.getSpanId());
    }

    @Test
    void aTracedClientCallsAServiceThatDoesNotTrace() throws Exception {
        client = tracedClient();
        service = TestService.start();

        assertThat(echo(client, service.endpoint(), "plain")).isEqualTo("\"plain\"");

        assertThat(tracing.take(1)).singleElement().extracting(SpanData::getKind).isEqualTo(SpanKind.CLIENT);
    }

    @Test
    void aTracedServiceAnswersAClientThatDoesNotTraceWithARootSpan() throws Exception {
        client = ScampClient.create();
        service = TestService.start(b -> b.observationRegistry(tracing.registry()));

        assertThat(echo(client, service.endpoint(), "plain")).isEqualTo("\"plain\"");

        SpanData span = tracing.take(1).get(0);
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void anErrorReplyMarksBothSpans() throws Exception {
        client = tracedClient();
        service = TestService.start(b -> b.observationRegistry(tracing.registry()));

        Mono<String> failing = client.request(service.endpoint(), Request.json("Test.fail", "x")).flatMap(r -> r.bodyAsString());
        assertThat(failing.onErrorResume(e -> Mono.just(e.getClass().getSimpleName())).block(CALL)).isEqualTo("RemoteActionException");

        for (SpanData span : tracing.take(2)) {
            assertThat(span.getStatus().getStatusCode()).as(span.getKind().toString()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
            assertThat(span.getAttributes().asMap().toString()).contains("outcome=error", "error_code=test_failure");
        }
    }
}
