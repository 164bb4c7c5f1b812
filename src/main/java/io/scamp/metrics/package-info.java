/**
 * <strong>Internal: not part of the public API.</strong> What clients, services and their
 * connections report to metrics (docs/observability.md, "Metrics"): the event interfaces
 * {@link io.scamp.metrics.ScampMetrics}, {@link io.scamp.metrics.ConnectionMetrics} and
 * {@link io.scamp.metrics.CallMetrics}, whose {@code NONE} does nothing and is what every
 * client and service uses unless a {@code MeterRegistry} was given to its builder, and
 * {@link io.scamp.metrics.MicrometerMetrics}, the Micrometer implementation. Micrometer is an
 * optional dependency: only {@code MicrometerMetrics} and the package-private classes it uses
 * refer to it, and they are loaded only when a builder's {@code metrics(MeterRegistry)} was
 * called, so without Micrometer on the class path nothing changes. Types here may change or
 * disappear in any release without notice.
 */
package io.scamp.metrics;
