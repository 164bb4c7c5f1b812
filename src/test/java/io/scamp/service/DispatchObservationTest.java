package io.scamp.service;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.scamp.connection.ConnectionSettings;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.observation.DefaultScampServerObservationConvention;
import io.scamp.testing.ScriptedPeer;
import io.scamp.testing.TestTracing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A service's observation of one request, against a scripted requester: it spans the handler
 * and the reply until the reply's EOF, the handler sees it in scope and in its Reactor context,
 * its key values stay bounded whatever the requester sends, every way a request can end stops
 * it once, and with a tracing bridge the requester's {@code traceparent} is continued (a
 * malformed one starts a new trace). Without a registry the same fields are ignored.
 */
class DispatchObservationTest {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARENT_SPAN = "b7ad6b7169203331";

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private ScriptedPeer peer;

    @AfterEach
    void close() {
        if (peer != null) {
            peer.close();
        }
    }

    /** A service-side connection whose one action {@code Greeter.hello} v1 is {@code handler}. */
    private ScriptedPeer serving(io.micrometer.observation.ObservationRegistry observations, ActionHandler handler) {
        DispatchObserver observer = observations == null ? null : new ObservedDispatch(observations, null);
        ActionRegistry actions = new ActionRegistry(List.of(new ActionSpec("Greeter.hello", 1, Set.of(), handler)), null,
                ErrorReplyMapper.neutral(), 16, 16, observer);
        peer = new ScriptedPeer(ConnectionSettings.serverDefaults().withIdleTimeout(Duration.ZERO), actions);
        return peer;
    }

    private void request(String headerFields) {
        peer.packet("HEADER", 0, "{\"type\":\"request\",\"request_id\":1" + headerFields + "}")
                .packet("DATA", 0, "\"Ada\"")
                .packet("EOF", 0, "");
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theObservationSpansTheHandlerAndTheReplyUntilItsEof() {
        Sinks.One<Reply> reply = Sinks.one();
        Sinks.Many<ByteBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
        serving(registry, req -> reply.asMono());

        request(",\"action\":\"greeter.HELLO\",\"version\":1,\"envelope\":\"json\"");
        assertThat(registry).hasSingleObservationThat().hasBeenStarted().isNotStopped()
                .hasNameEqualTo(DefaultScampServerObservationConvention.NAME);

        reply.tryEmitValue(Reply.of(body.asFlux()));
        assertThat(peer.received()).anyMatch(p -> p.startsWith("HEADER 0 "));
        body.tryEmitNext(text("hello"));
        assertThat(peer.received()).contains("DATA 0 hello");
        assertThat(registry).hasSingleObservationThat().isNotStopped(); // the reply is still streaming

        body.tryEmitComplete();
        assertThat(peer.received()).contains("EOF 0 ");
        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasContextualNameEqualTo("Greeter.hello")
                .hasLowCardinalityKeyValue("action", "Greeter.hello") // as registered, not as the requester wrote it
                .hasLowCardinalityKeyValue("version", "1")
                .hasLowCardinalityKeyValue("envelope", "json")
                .hasLowCardinalityKeyValue("side", "service")
                .hasLowCardinalityKeyValue("outcome", "ok")
                .hasLowCardinalityKeyValue("error_code", "none")
                .doesNotHaveError();
    }

    @Test
    void theHandlerRunsWithTheObservationInScopeAndInItsReactorContext() {
        AtomicReference<Observation> inScope = new AtomicReference<>();
        AtomicReference<Object> inContext = new AtomicReference<>();
        serving(registry, req -> {
            inScope.set(registry.getCurrentObservation());
            return Mono.deferContextual(ctx -> {
                inContext.set(ctx.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
                return Mono.just(Reply.json("hi"));
            });
        });

        request(",\"action\":\"Greeter.hello\"");

        assertThat(inScope.get()).isNotNull();
        assertThat(inContext.get()).isSameAs(inScope.get());
        assertThat(inScope.get().getContext().getName()).isEqualTo(DefaultScampServerObservationConvention.NAME);
        assertThat(registry).hasSingleObservationThat().hasBeenStopped();
        assertThat(registry).doesNotHaveAnyRemainingCurrentObservation(); // the scope closed with the dispatch
    }

    @Test
    void anUnknownActionAndEnvelopeAreRecordedAsBoundedValuesNotAsSent() {
        serving(registry, req -> Mono.just(Reply.json("hi")));

        request(",\"action\":\"Evil.x" + System.nanoTime() + "\",\"version\":77,\"envelope\":\"made-up\"");

        assertThat(peer.received()).anyMatch(p -> p.contains("\"error_code\":\"not_found\""));
        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasContextualNameEqualTo("unknown")
                .hasLowCardinalityKeyValue("action", "unknown")
                .hasLowCardinalityKeyValue("version", "unknown")
                .hasLowCardinalityKeyValue("envelope", "other")
                .hasLowCardinalityKeyValue("outcome", "error")
                .hasLowCardinalityKeyValue("error_code", "not_found");
    }

    @Test
    void aHandlerFailureIsTheObservationsErrorAndTheErrorReplysCodeItsErrorCode() {
        serving(registry, req -> Mono.error(new IllegalStateException("db down")));

        request(",\"action\":\"Greeter.hello\"");

        assertThat(peer.received()).anyMatch(p -> p.contains("\"error_code\":\"generic\""));
        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasLowCardinalityKeyValue("outcome", "error")
                .hasLowCardinalityKeyValue("error_code", "generic")
                .assertThatError().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDeliberateErrorReplyKeepsItsCode() {
        serving(registry, req -> Mono.error(new RemoteActionException("out_of_stock", "none left", null)));

        request(",\"action\":\"Greeter.hello\"");

        assertThat(registry).hasSingleObservationThat().hasBeenStopped().hasLowCardinalityKeyValue("error_code", "out_of_stock");
    }

    @Test
    void aRequesterThatAbortsItsRequestStopsTheObservationOfTheCancelledHandler() {
        serving(registry, req -> Mono.never());
        peer.packet("HEADER", 0, "{\"type\":\"request\",\"request_id\":1,\"action\":\"Greeter.hello\"}");
        assertThat(registry).hasSingleObservationThat().isNotStopped();

        peer.packet("TXERR", 0, "gave up");

        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasLowCardinalityKeyValue("outcome", "cancelled")
                .hasLowCardinalityKeyValue("error_code", "cancelled")
                .assertThatError().isInstanceOf(CancellationException.class);
    }

    @Test
    void aConnectionLostWhileTheReplyStreamsStopsTheObservationWithAnError() {
        Sinks.Many<ByteBuffer> body = Sinks.many().unicast().onBackpressureBuffer();
        serving(registry, req -> Mono.just(Reply.of(body.asFlux())));
        request(",\"action\":\"Greeter.hello\"");
        body.tryEmitNext(text("part"));
        assertThat(peer.received()).contains("DATA 0 part");

        peer.channel().close();
        peer.run();

        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasLowCardinalityKeyValue("outcome", "cancelled")
                .assertThatError().isInstanceOf(CancellationException.class);
    }

    @Test
    void aConnectionLostWhileTheHandlerRunsStopsTheObservation() {
        serving(registry, req -> Mono.never());
        request(",\"action\":\"Greeter.hello\"");

        peer.channel().close();
        peer.run();

        assertThat(registry).hasSingleObservationThat().hasBeenStopped().hasLowCardinalityKeyValue("error_code", "cancelled");
    }

    @Test
    void withATracingBridgeTheServerSpanContinuesTheRequestersTrace() throws Exception {
        try (TestTracing tracing = new TestTracing()) {
            serving(tracing.registry(), req -> Mono.just(Reply.json("hi")));

            request(",\"action\":\"Greeter.hello\",\"traceparent\":\"00-" + TRACE_ID + "-" + PARENT_SPAN + "-01\"");

            SpanData span = tracing.take(1).get(0);
            assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(span.getName()).isEqualTo("Greeter.hello");
            assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN);
            assertThat(span.getParentSpanContext().isRemote()).isTrue();
            assertThat(peer.received()).anyMatch(p -> p.startsWith("HEADER 0 ") && !p.contains("traceparent")); // not echoed
        }
    }

    @Test
    void aMalformedOrNonTextTraceparentStartsANewTraceAndTheRequestStillSucceeds() throws Exception {
        try (TestTracing tracing = new TestTracing()) {
            serving(tracing.registry(), req -> Mono.just(Reply.json("hi")));

            request(",\"action\":\"Greeter.hello\",\"traceparent\":\"00-not-a-trace-context\",\"tracestate\":\"{{{\"");
            assertThat(peer.received()).contains("DATA 0 \"hi\"", "EOF 0 ");
            peer.packet("HEADER", 1, "{\"type\":\"request\",\"request_id\":2,\"action\":\"Greeter.hello\",\"traceparent\":{\"x\":1}}")
                    .packet("EOF", 1, "");
            assertThat(peer.received()).contains("DATA 1 \"hi\"", "EOF 1 ");

            for (SpanData span : tracing.take(2)) {
                assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
                assertThat(span.getParentSpanContext().isValid()).as("a root span").isFalse();
                assertThat(span.getTraceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            }
        }
    }

    @Test
    void withoutARegistryTheTraceFieldsAreIgnoredAndStayAvailableToTheHandler() throws Exception {
        AtomicReference<Map<String, JsonNode>> seen = new AtomicReference<>();
        serving(null, req -> {
            seen.set(req.header().extras());
            return Mono.just(Reply.json("hi"));
        });

        request(",\"action\":\"Greeter.hello\",\"traceparent\":\"00-" + TRACE_ID + "-" + PARENT_SPAN + "-01\","
                + "\"tracestate\":\"vendor=1\",\"x-custom\":[1,2]");

        List<String> out = peer.received();
        assertThat(out).contains("DATA 0 \"hi\"", "EOF 0 ");
        assertThat(out).filteredOn(p -> p.startsWith("HEADER 0 ")).singleElement().asString()
                .doesNotContain("traceparent").doesNotContain("tracestate").doesNotContain("error");
        assertThat(seen.get()).containsOnlyKeys("traceparent", "tracestate", "x-custom");
        assertThat(seen.get().get("tracestate").asText()).isEqualTo("vendor=1");
    }
}
