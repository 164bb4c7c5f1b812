package io.scamp.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the gauges of one registry read, shared by every client and service recording into it:
 * a registry keeps the first gauge registered under a name and tags, so two clients given the
 * same registry must count into the same numbers for its gauges to show both. Kept per
 * registry while the registry lives (weakly: nothing here refers to the registry).
 */
final class RegistryState {
    private static final Map<MeterRegistry, RegistryState> STATES = Collections.synchronizedMap(new WeakHashMap<>());

    /** Calls begun and not over, by side ({@link Side#ordinal()}). */
    private final LongAdder[] activeCalls = {new LongAdder(), new LongAdder()};
    /** Open connections, by side. */
    private final LongAdder[] openConnections = {new LongAdder(), new LongAdder()};
    /**
     * Clients' open connections per service address, each with its gauge; an address leaves
     * (and its gauge with it) when its last connection closes, so there are never more entries
     * than open connections. Guarded by this.
     */
    private final Map<String, Address> addresses = new HashMap<>();

    private RegistryState() {
    }

    static RegistryState of(MeterRegistry registry) {
        return STATES.computeIfAbsent(registry, r -> new RegistryState());
    }

    LongAdder activeCalls(Side side) {
        return activeCalls[side.ordinal()];
    }

    LongAdder openConnections(Side side) {
        return openConnections[side.ordinal()];
    }

    /** A client's connection to {@code address} opened. */
    synchronized void connectionOpened(MeterRegistry registry, String address) {
        Address entry = addresses.get(address);
        if (entry == null) {
            AtomicInteger count = new AtomicInteger();
            Gauge gauge = Gauge.builder(MeterNames.POOL_CONNECTIONS, count, AtomicInteger::get).tag("address", address)
                    .description("a client's open connections to one service address").strongReference(true).register(registry);
            entry = new Address(count, gauge);
            addresses.put(address, entry);
        }
        entry.count.incrementAndGet();
    }

    /** A client's connection to {@code address}, counted by {@link #connectionOpened}, closed. */
    synchronized void connectionClosed(MeterRegistry registry, String address) {
        Address entry = addresses.get(address);
        if (entry != null && entry.count.decrementAndGet() <= 0) {
            addresses.remove(address);
            registry.remove(entry.gauge);
        }
    }

    /** Registries with a state now, for tests. */
    static int registries() {
        return STATES.size();
    }

    /** Addresses with a gauge now, for tests. */
    synchronized int addresses() {
        return addresses.size();
    }

    private record Address(AtomicInteger count, Gauge gauge) {
    }
}
