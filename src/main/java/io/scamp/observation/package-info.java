/**
 * Tracing through the Micrometer Observation API (docs/observability.md, "Tracing"): the
 * observation contexts of a client's and a service's calls, the conventions that name them and
 * give their key values, and their documentation. Enabled by
 * {@link io.scamp.client.ScampClientBuilder#observationRegistry} and
 * {@link io.scamp.service.ScampServiceBuilder#observationRegistry}; needs
 * {@code io.micrometer:micrometer-observation} on the class path (an optional dependency of
 * this library), and nothing of it is loaded unless one of those methods is called.
 *
 * <p>With a tracing bridge (Micrometer Tracing with Brave or OpenTelemetry) the trace context
 * travels in the request header as the W3C fields {@code traceparent} and {@code tracestate},
 * which other SCAMP implementations ignore as unknown fields (SCAMP.md §5).
 */
package io.scamp.observation;
