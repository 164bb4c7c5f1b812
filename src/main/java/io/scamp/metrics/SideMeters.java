package io.scamp.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scamp.message.ProtocolViolation;
import io.scamp.wire.PacketType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connection-level meters of one client or service, resolved once: the connections'
 * recorders ({@link MicrometerConnection}) only increment and record. Meters of a tag with a
 * bounded set of values (packet type, close cause, violation kind) are registered when first
 * used.
 */
final class SideMeters {
    final MeterRegistry registry;
    final Clock clock;
    final Side side;
    final RegistryState state;
    final LongAdder activeCalls;
    final LongAdder openConnections;
    final Counter dataSent;
    final Counter dataReceived;
    final Lazy<Counter> packetsSent;
    final Lazy<Counter> packetsReceived;
    final Lazy<Counter> violations;
    final Counter opened;
    final Lazy<Counter> closed;
    final Timer handshake;
    /** A client's TCP connects: [0] connected, [1] failed. */
    final Lazy<Timer> connect;
    final Timer windowWait;
    final DistributionSummary window;
    final Counter budgetPauses;
    final Counter outputPauses;

    SideMeters(MeterRegistry registry, Side side) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.side = side;
        this.state = RegistryState.of(registry);
        String s = TagValues.of(side);
        this.activeCalls = state.activeCalls(side);
        this.openConnections = state.openConnections(side);
        Gauge.builder(MeterNames.CALLS_ACTIVE, activeCalls, LongAdder::sum).tag("side", s).description("calls begun and not yet over")
                .strongReference(true).register(registry);
        Gauge.builder(MeterNames.CONNECTIONS_OPEN, openConnections, LongAdder::sum).tag("side", s).description("connections open")
                .strongReference(true).register(registry);
        this.dataSent = Counter.builder(MeterNames.DATA_SENT).tag("side", s).baseUnit("bytes").description("DATA body bytes written")
                .register(registry);
        this.dataReceived = Counter.builder(MeterNames.DATA_RECEIVED).tag("side", s).baseUnit("bytes")
                .description("DATA body bytes received").register(registry);
        PacketType[] types = PacketType.values();
        this.packetsSent = new Lazy<>(types.length, i -> Counter.builder(MeterNames.PACKETS_SENT).tag("side", s)
                .tag("type", TagValues.of(types[i])).description("packets written").register(registry));
        this.packetsReceived = new Lazy<>(types.length, i -> Counter.builder(MeterNames.PACKETS_RECEIVED).tag("side", s)
                .tag("type", TagValues.of(types[i])).description("packets received").register(registry));
        ProtocolViolation[] kinds = ProtocolViolation.values();
        this.violations = new Lazy<>(kinds.length, i -> Counter.builder(MeterNames.PROTOCOL_VIOLATIONS).tag("side", s)
                .tag("kind", TagValues.of(kinds[i])).description("protocol violations by peers (each closed its connection)").register(registry));
        this.opened = Counter.builder(MeterNames.CONNECTIONS_OPENED).tag("side", s).description("connections opened").register(registry);
        CloseCause[] causes = CloseCause.values();
        this.closed = new Lazy<>(causes.length, i -> Counter.builder(MeterNames.CONNECTIONS_CLOSED).tag("side", s)
                .tag("cause", TagValues.of(causes[i])).description("connections closed").register(registry));
        this.handshake = Timer.builder(MeterNames.HANDSHAKE).tag("side", s).description("TLS handshakes, fingerprint check included")
                .register(registry);
        this.connect = new Lazy<>(2, i -> Timer.builder(MeterNames.CONNECT).tag("side", s).tag("outcome", i == 0 ? "ok" : "failed")
                .description("TCP connects").register(registry));
        this.windowWait = Timer.builder(MeterNames.WINDOW_WAIT).tag("side", s)
                .description("time outgoing messages waited with a full send window").register(registry);
        this.window = DistributionSummary.builder(MeterNames.WINDOW).tag("side", s).baseUnit("bytes")
                .description("send window of messages that filled it, when they ended").register(registry);
        this.budgetPauses = pauses(s, "budget");
        this.outputPauses = pauses(s, "output");
    }

    private Counter pauses(String s, String reason) {
        return Counter.builder(MeterNames.READ_PAUSES).tag("side", s).tag("reason", reason).description("times a connection stopped reading")
                .register(registry);
    }

    long now() {
        return clock.monotonicTime();
    }

    void recordSince(Timer timer, long since) {
        timer.record(clock.monotonicTime() - since, TimeUnit.NANOSECONDS);
    }
}
