package io.scamp.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scamp.discovery.Rejection;
import io.scamp.discovery.ServiceDirectory;
import io.scamp.discovery.ServiceTable;
import java.util.Locale;

/**
 * The gauges of a client's directory, read from its current table at each scrape (no
 * subscription, nothing kept): they hold the directory weakly, as Micrometer gauges do, and
 * follow it for as long as it lives.
 */
final class DirectoryGauges {
    private DirectoryGauges() {
    }

    static void register(MeterRegistry registry, ServiceDirectory directory) {
        Gauge.builder(MeterNames.DIRECTORY_SERVICES, directory, d -> d.current().services().size())
                .description("services in the directory's current table").register(registry);
        Gauge.builder(MeterNames.DIRECTORY_ACTIONS, directory, d -> d.current().keys().size())
                .description("routable action keys (authorized, CRUD aliases included) in the directory").register(registry);
        for (Rejection.Kind kind : Rejection.Kind.values()) {
            Gauge.builder(MeterNames.DIRECTORY_REJECTED, directory, d -> rejected(d.current(), kind))
                    .tag("reason", kind.name().toLowerCase(Locale.ROOT))
                    .description("records rejected in the directory's current table").register(registry);
        }
        Gauge.builder(MeterNames.DIRECTORY_STALE, directory, d -> d.current().isStale() ? 1 : 0)
                .description("1 while a source of the directory is stale, else 0").register(registry);
    }

    private static double rejected(ServiceTable table, Rejection.Kind kind) {
        int n = 0;
        for (Rejection r : table.rejected()) {
            if (r.kind() == kind) {
                n++;
            }
        }
        return n;
    }
}
