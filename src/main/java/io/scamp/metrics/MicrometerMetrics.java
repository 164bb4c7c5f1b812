package io.scamp.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.scamp.discovery.ServiceDirectory;
import io.scamp.message.MessageHeader;
import io.scamp.service.ActionSpec;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Micrometer implementation of {@link ScampMetrics}: made only by a builder given a
 * {@code MeterRegistry} (this is the first class that needs Micrometer on the class path). Its
 * meters are resolved when it is made, or on first use for a bounded set of tag values; what a
 * call or a packet costs is an increment or a timer record, plus, per call, the lookup of its
 * action's meters and one small object. docs/observability.md lists the meters.
 */
public final class MicrometerMetrics implements ScampMetrics {
    private final SideMeters meters;
    private final Function<MessageHeader, ActionMeters> actions;

    private MicrometerMetrics(SideMeters meters, Function<MessageHeader, ActionMeters> actions) {
        this.meters = meters;
        this.actions = actions;
    }

    /**
     * The metrics of a client.
     *
     * @param registry where the meters go
     * @param directory the client's directory, whose gauges are registered too; {@code null} for none
     * @return the client's metrics
     */
    public static ScampMetrics client(MeterRegistry registry, ServiceDirectory directory) {
        return client(registry, directory, ClientActions.DEFAULT_LIMIT);
    }

    /** As {@link #client(MeterRegistry, ServiceDirectory)}, tagging at most {@code actionLimit} actions by name. */
    static MicrometerMetrics client(MeterRegistry registry, ServiceDirectory directory, int actionLimit) {
        SideMeters meters = new SideMeters(Objects.requireNonNull(registry, "registry"), Side.CLIENT);
        if (directory != null) {
            DirectoryGauges.register(registry, directory);
        }
        return new MicrometerMetrics(meters, new ClientActions(meters, actionLimit)::lookup);
    }

    /**
     * The metrics of a service.
     *
     * @param registry where the meters go
     * @param actions the service's actions, the only names its call meters are tagged with
     * @param find the service's lookup of the action a request names ({@code null} for none)
     * @return the service's metrics
     */
    public static ScampMetrics service(MeterRegistry registry, Collection<ActionSpec> actions, Function<MessageHeader, ActionSpec> find) {
        SideMeters meters = new SideMeters(Objects.requireNonNull(registry, "registry"), Side.SERVICE);
        return new MicrometerMetrics(meters, new ServiceActions(meters, actions, find)::lookup);
    }

    @Override
    public ConnectionMetrics connection(String address) {
        return new MicrometerConnection(meters, actions, address);
    }

    @Override
    public long connectStarted() {
        return meters.now();
    }

    @Override
    public void connectEnded(long startedAt, boolean connected) {
        meters.recordSince(meters.connect.get(connected ? 0 : 1), startedAt);
    }
}
