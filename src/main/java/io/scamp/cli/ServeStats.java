package io.scamp.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scamp.metrics.MeterNames;

/**
 * The line {@code scamp serve --stats} prints on stderr at every interval: what the service did
 * since the last one, from its meters, and the connections open now:
 * {@code scamp serve stats: interval=60s calls=12 errors=1 bytes_in=1024 bytes_out=4096 connections=2}.
 * Errors are the calls whose outcome was not {@code ok} (docs/observability.md). One thread.
 */
final class ServeStats {
    private final MeterRegistry registry;
    private final String interval;
    private long calls;
    private long errors;
    private double bytesIn;
    private double bytesOut;

    ServeStats(MeterRegistry registry, long intervalMillis) {
        this.registry = registry;
        this.interval = intervalMillis % 1000 == 0 ? intervalMillis / 1000 + "s" : intervalMillis + "ms";
    }

    /** The line for the interval that just ended. */
    String next() {
        long allCalls = 0;
        long allErrors = 0;
        for (Timer t : registry.find(MeterNames.CALLS).tag("side", "service").timers()) {
            allCalls += t.count();
            if (!"ok".equals(t.getId().getTag("outcome"))) {
                allErrors += t.count();
            }
        }
        double in = counted(MeterNames.DATA_RECEIVED);
        double out = counted(MeterNames.DATA_SENT);
        Gauge open = registry.find(MeterNames.CONNECTIONS_OPEN).tag("side", "service").gauge();
        String line = String.format(java.util.Locale.ROOT, "scamp serve stats: interval=%s calls=%d errors=%d bytes_in=%.0f bytes_out=%.0f connections=%.0f",
                interval, allCalls - calls, allErrors - errors, in - bytesIn, out - bytesOut, open == null ? 0 : open.value());
        calls = allCalls;
        errors = allErrors;
        bytesIn = in;
        bytesOut = out;
        return line;
    }

    private double counted(String name) {
        return registry.find(name).tag("side", "service").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
