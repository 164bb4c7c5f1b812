package io.scamp.client;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.ScampJson;
import io.scamp.message.TransportException;
import io.scamp.observation.DefaultScampClientObservationConvention;
import io.scamp.testing.ScriptedPeer;
import io.scamp.testing.TestTracing;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * A client's observation of one request, against a scripted service: when it starts and stops
 * (the end of the reply's body on the wire, whether or not it is read), its key values for
 * each outcome, and the trace context a tracing bridge writes into the request header on the
 * wire. Everything runs on the test thread, so each step is checked as it happens.
 */
class RequestObservationTest {
    private static final String ADDRESS = "beepish+tls://127.0.0.1:30101";
    private static final String REPLY_HEADER = "{\"type\":\"reply\",\"request_id\":1}";

    private final ScriptedPeer peer = new ScriptedPeer();
    private final TestObservationRegistry registry = TestObservationRegistry.create();

    @AfterEach
    void close() {
        peer.close();
    }

    private Mono<Reply> observed(ObservedRequests observer, Request request) {
        return observer.observe(request, ADDRESS, r -> peer.connection().request(r));
    }

    private Mono<Reply> observed(Request request) {
        return observed(new ObservedRequests(registry, null), request);
    }

    @Test
    void theObservationSpansTheCallUntilTheReplyBodyHasEnded() {
        AtomicReference<Reply> reply = new AtomicReference<>();
        observed(Request.json("Greeter.hello", "Ada")).subscribe(reply::set);
        assertThat(registry).hasSingleObservationThat().hasBeenStarted().isNotStopped()
                .hasNameEqualTo(DefaultScampClientObservationConvention.NAME);

        peer.received();
        peer.packet("HEADER", 0, REPLY_HEADER).packet("DATA", 0, "\"hello\"");
        assertThat(reply.get()).isNotNull();
        assertThat(registry).hasSingleObservationThat().isNotStopped(); // the header came, the body has not ended

        peer.packet("EOF", 0, "");
        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasContextualNameEqualTo("Greeter.hello")
                .hasLowCardinalityKeyValue("action", "Greeter.hello")
                .hasLowCardinalityKeyValue("version", "1")
                .hasLowCardinalityKeyValue("envelope", "json")
                .hasLowCardinalityKeyValue("side", "client")
                .hasLowCardinalityKeyValue("outcome", "ok")
                .hasLowCardinalityKeyValue("error_code", "none")
                .hasHighCardinalityKeyValue("address", ADDRESS)
                .doesNotHaveError();
    }

    @Test
    void aReplyBodyNobodyReadsStillEndsTheObservationAtItsEof() {
        observed(Request.json("Greeter.hello", "Ada")).subscribe(); // the Reply is dropped unread
        peer.received();
        peer.packet("HEADER", 0, REPLY_HEADER).packet("DATA", 0, "{}").packet("EOF", 0, "");

        assertThat(registry).hasSingleObservationThat().hasBeenStopped().hasLowCardinalityKeyValue("outcome", "ok");
    }

    @Test
    void anErrorReplyStopsItWithTheErrorAndItsCode() {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        observed(Request.json("Greeter.hello", "Ada")).subscribe(r -> { }, failure::set);
        peer.received();
        peer.packet("HEADER", 0, "{\"type\":\"reply\",\"request_id\":1,\"error_code\":\"busy\",\"error\":\"full\"}")
                .packet("EOF", 0, "");

        assertThat(failure.get()).isInstanceOf(RemoteActionException.class);
        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasLowCardinalityKeyValue("outcome", "error")
                .hasLowCardinalityKeyValue("error_code", "busy")
                .hasLowCardinalityKeyValue("action", "Greeter.hello")
                .assertThatError().isInstanceOf(RemoteActionException.class);
    }

    @Test
    void aNotFoundReplyRecordsTheActionAsUnknown() {
        observed(Request.json("Greeter.nosuch", "Ada")).subscribe(r -> { }, e -> { });
        peer.received();
        peer.packet("HEADER", 0, "{\"type\":\"reply\",\"request_id\":1,\"error_code\":\"not_found\",\"error\":\"no\"}");

        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasLowCardinalityKeyValue("action", "unknown")
                .hasContextualNameEqualTo("unknown")
                .hasLowCardinalityKeyValue("error_code", "not_found");
    }

    @Test
    void cancellingBeforeTheReplyStopsItAsCancelled() {
        Disposable call = observed(Request.json("Greeter.hello", "Ada")).subscribe();
        peer.received();
        call.dispose();

        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasLowCardinalityKeyValue("outcome", "cancelled")
                .hasLowCardinalityKeyValue("error_code", "cancelled")
                .assertThatError().isInstanceOf(CancellationException.class);
        peer.packet("HEADER", 0, REPLY_HEADER).packet("EOF", 0, ""); // the late reply is drained; nothing is stopped twice
        assertThat(registry).hasSingleObservationThat().hasBeenStopped();
    }

    @Test
    void aConnectionLostDuringTheReplyBodyStopsItWithATransportError() {
        observed(Request.json("Greeter.hello", "Ada")).subscribe(r -> r.body().subscribe(b -> { }, e -> { }));
        peer.received();
        peer.packet("HEADER", 0, REPLY_HEADER).packet("DATA", 0, "{\"partial\":");
        assertThat(registry).hasSingleObservationThat().isNotStopped();

        peer.channel().close();
        peer.run();

        assertThat(registry).hasSingleObservationThat().hasBeenStopped()
                .hasLowCardinalityKeyValue("outcome", "transport")
                .hasLowCardinalityKeyValue("error_code", "transport")
                .assertThatError().isInstanceOf(TransportException.class);
    }

    @Test
    void aFailureBeforeSendingStopsItWithThatFailure() {
        peer.channel().close();
        peer.run();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        observed(Request.json("Greeter.hello", "Ada")).subscribe(r -> { }, failure::set);

        assertThat(failure.get()).isInstanceOf(TransportException.class);
        assertThat(registry).hasSingleObservationThat().hasBeenStopped().hasLowCardinalityKeyValue("error_code", "transport");
    }

    @Test
    void theParentIsTheObservationInTheSubscribersReactorContext() {
        Observation parent = Observation.start("handler", registry);
        observed(Request.json("Greeter.hello", "Ada"))
                .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, parent))
                .subscribe(r -> { }, e -> { });
        parent.stop();

        assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo(DefaultScampClientObservationConvention.NAME)
                .hasParentObservationEqualTo(parent));
    }

    @Test
    void aRegistryWithoutHandlersSendsTheHeaderAsItIs() {
        Request request = Request.json("Greeter.hello", "Ada");
        observed(new ObservedRequests(io.micrometer.observation.ObservationRegistry.NOOP, null), request).subscribe(r -> { }, e -> { });

        assertThat(peer.received().get(0)).doesNotContain("traceparent");
    }

    @Test
    void withATracingBridgeTheRequestHeaderOnTheWireCarriesTheTraceparentOfTheClientSpan() throws Exception {
        try (TestTracing tracing = new TestTracing()) {
            observed(new ObservedRequests(tracing.registry(), null), Request.json("Greeter.hello", "Ada")).subscribe();
            List<String> sent = peer.received();
            String header = sent.get(0);
            // as docs/observability.md shows it: the known fields, then the trace context as a string field
            assertThat(header).matches("HEADER 0 \\{\"type\":\"request\",\"action\":\"Greeter.hello\",\"version\":1,"
                    + "\"envelope\":\"json\",\"request_id\":1,\"client_id\":0,\"traceparent\":\"00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]\"}");
            JsonNode fields = ScampJson.mapper().readTree(header.substring("HEADER 0 ".length()));
            assertThat(fields.path("action").asText()).isEqualTo("Greeter.hello");
            String traceparent = fields.path("traceparent").asText();
            assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
            assertThat(fields.has("tracestate")).isFalse(); // none to carry: written only when present

            peer.packet("HEADER", 0, REPLY_HEADER).packet("EOF", 0, "");
            SpanData span = tracing.take(1).get(0);
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getName()).isEqualTo("Greeter.hello");
            assertThat(traceparent).startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-");
            assertThat(span.getAttributes().asMap().toString()).contains("outcome=ok", "side=client", "address=" + ADDRESS);
        }
    }
}
