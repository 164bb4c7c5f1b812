package io.scamp.client;

import io.scamp.discovery.ServiceTable.Offer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks one offer among those a lookup returned (SCAMP.md §7.2): at random, weighted by the
 * services' {@code weight}, among instances not marked failing, falling back to failing ones
 * only when no healthy one is left.
 */
final class InstancePicker {
    private final FailureTracker failures;

    InstancePicker(FailureTracker failures) {
        this.failures = failures;
    }

    /** An offer not in {@code exclude} (by address), or {@code null} if none is left. */
    Offer pick(List<Offer> offers, Set<String> exclude) {
        List<Offer> candidates = offers.stream().filter(o -> !exclude.contains(o.service().address())).toList();
        List<Offer> healthy = candidates.stream().filter(o -> !failures.isFailing(o.service().address())).toList();
        return weighted(healthy.isEmpty() ? candidates : healthy);
    }

    private static Offer weighted(List<Offer> offers) {
        if (offers.isEmpty()) {
            return null;
        }
        double total = offers.stream().mapToDouble(o -> o.service().weight()).sum();
        double r = ThreadLocalRandom.current().nextDouble() * total;
        for (Offer o : offers) {
            r -= o.service().weight();
            if (r < 0) {
                return o;
            }
        }
        return offers.get(offers.size() - 1);
    }
}
