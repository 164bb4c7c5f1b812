package io.scamp.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which service addresses failed to take requests (SCAMP.md §6, as scamp-js does):
 * after a failure an address counts as failing for {@code min(60, failures in the last 24 h)}
 * minutes. Failing instances are used only when no healthy one is left.
 */
final class FailureTracker {
    private static final Duration HISTORY = Duration.ofHours(24);

    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    FailureTracker(Clock clock) {
        this.clock = clock;
    }

    void markFailed(String address) {
        Instant now = clock.instant();
        failures.compute(address, (a, times) -> {
            Deque<Instant> t = times == null ? new ArrayDeque<>() : times;
            t.addLast(now);
            prune(t, now);
            return t;
        });
    }

    boolean isFailing(String address) {
        Deque<Instant> times = failures.get(address);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            Instant now = clock.instant();
            prune(times, now);
            if (times.isEmpty()) {
                return false;
            }
            long minutes = Math.min(60, times.size());
            return times.peekLast().plus(Duration.ofMinutes(minutes)).isAfter(now);
        }
    }

    private static void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(HISTORY))) {
            times.removeFirst();
        }
    }
}
