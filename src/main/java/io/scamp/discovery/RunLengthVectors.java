package io.scamp.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands the run-length encoded {@code ac*} vectors of a v4 extension (SCAMP.md §7.1): each
 * element is a value or {@code [count, value]}. Counts must be positive integers and the total
 * is bounded, so a hostile record cannot make us allocate without limit.
 */
final class RunLengthVectors {
    /** scamp-js refuses more actions than this. */
    static final int MAX_LENGTH = 100_000;

    private RunLengthVectors() {
    }

    /**
     * @param expected the length the vector must expand to, or -1 to take whatever it has
     * @throws IllegalArgumentException naming the vector and the problem
     */
    static List<JsonNode> expand(JsonNode vector, String name, int expected) {
        if (vector == null || vector.isNull()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (!vector.isArray()) {
            throw new IllegalArgumentException(name + " is not an array");
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode element : vector) {
            if (element.isArray()) {
                if (element.size() != 2) {
                    throw new IllegalArgumentException(name + " has a run that is not [count, value]: " + element);
                }
                JsonNode count = element.get(0);
                if (!count.isIntegralNumber() || !count.canConvertToLong() || count.asLong() < 1) {
                    throw new IllegalArgumentException(name + " has a bad run count " + count);
                }
                long n = count.asLong();
                if (out.size() + n > MAX_LENGTH) {
                    throw new IllegalArgumentException(name + " expands past " + MAX_LENGTH + " entries");
                }
                for (long i = 0; i < n; i++) {
                    out.add(element.get(1));
                }
            } else {
                if (out.size() + 1 > MAX_LENGTH) {
                    throw new IllegalArgumentException(name + " expands past " + MAX_LENGTH + " entries");
                }
                out.add(element);
            }
            if (expected >= 0 && out.size() > expected) {
                throw new IllegalArgumentException(name + " expands past the " + expected + " entries of acname");
            }
        }
        if (expected >= 0 && out.size() != expected) {
            throw new IllegalArgumentException(name + " expands to " + out.size() + " entries, acname has " + expected);
        }
        return out;
    }
}
