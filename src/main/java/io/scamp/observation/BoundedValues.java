package io.scamp.observation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded set of the values a key has taken: the first {@code max} distinct values (of at
 * most {@link #MAX_LENGTH} characters) are recorded as they are, any other as
 * {@link #OTHER}. What a peer sends (an error code) thus never makes more than {@code max}
 * distinct key values, whatever it sends. Thread-safe.
 */
final class BoundedValues {
    /** The value recorded for any value past the bound. */
    static final String OTHER = "other";
    /** Longer values are recorded as {@link #OTHER}. */
    static final int MAX_LENGTH = 64;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    /** Slots taken, so concurrent new values never take the set past {@code max}. */
    private final AtomicInteger taken = new AtomicInteger();
    private final int max;

    BoundedValues(int max) {
        this.max = max;
    }

    /** {@code value} if it is known or there is room for it, else {@link #OTHER}. */
    String bound(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return OTHER;
        }
        if (seen.contains(value)) {
            return value;
        }
        if (taken.incrementAndGet() > max) {
            taken.decrementAndGet();
            return OTHER;
        }
        if (!seen.add(value)) {
            taken.decrementAndGet(); // another thread added it meanwhile
        }
        return value;
    }

    /** How many distinct values are recorded as they are. */
    int size() {
        return seen.size();
    }
}
