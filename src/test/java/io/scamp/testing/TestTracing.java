package io.scamp.testing;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ObservationRegistry} that traces with Micrometer Tracing's OpenTelemetry bridge,
 * W3C trace context propagation and every span sampled, as a user's setup would: the
 * propagating sender and receiver handlers for SCAMP's client and server contexts, the default
 * handler for the rest. Finished spans are queued for the test to take.
 */
public final class TestTracing implements AutoCloseable {
    private final BlockingQueue<SpanData> finished = new LinkedBlockingQueue<>();
    private final SdkTracerProvider provider;
    private final OtelTracer tracer;
    private final ObservationRegistry registry = ObservationRegistry.create();

    public TestTracing() {
        provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).addSpanProcessor(new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {
            }

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                finished.add(span.toSpanData());
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        }).build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        Tracer otel = sdk.getTracer("scamp-test");
        tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { });
        OtelPropagator propagator = new OtelPropagator(sdk.getPropagators(), otel);
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
    }

    public ObservationRegistry registry() {
        return registry;
    }

    public OtelTracer tracer() {
        return tracer;
    }

    /** The next {@code n} spans to finish, waiting up to 10 s for each; fails if one does not come. */
    public List<SpanData> take(int n) throws InterruptedException {
        List<SpanData> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SpanData span = finished.poll(10, TimeUnit.SECONDS);
            if (span == null) {
                throw new AssertionError("only " + spans.size() + " of " + n + " spans finished: " + spans);
            }
            spans.add(span);
        }
        return spans;
    }

    /** The spans finished and not taken yet, without waiting. */
    public List<SpanData> finishedNow() {
        List<SpanData> spans = new ArrayList<>();
        finished.drainTo(spans);
        return spans;
    }

    @Override
    public void close() {
        provider.close();
    }
}
