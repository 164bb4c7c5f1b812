package io.scamp.bench.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the peers of one {@link Attack} did: connections opened, bytes pushed, and how connections ended. */
final class Tally {
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong pushed = new AtomicLong();
    private final Map<String, Long> endings = new ConcurrentHashMap<>();

    /** Counts a connection opened; returns how many were opened before it. */
    long connected() {
        return connections.getAndIncrement();
    }

    void pushed(long bytes) {
        pushed.addAndGet(bytes);
    }

    /** Counts a connection the service ended, by how it showed (the exception's class, or "closed"). */
    void ended(String how) {
        endings.merge(how, 1L, Long::sum);
    }

    long pushedBytes() {
        return pushed.get();
    }

    Map<String, Object> summary(int peers) {
        return Map.of("peers", peers, "connections", connections.get(), "pushedBytes", pushed.get(),
                "endedByService", new TreeMap<>(endings));
    }
}
