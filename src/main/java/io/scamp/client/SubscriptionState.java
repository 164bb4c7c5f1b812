package io.scamp.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.SubscriptionChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a subscription ({@link ScampClient#subscribe}) knows of a service's published data at
 * one moment: code → key → value for the subscribed codes, and what changed since the previous
 * state the subscriber was given. Immutable.
 *
 * <p>The first state is the service's snapshot ({@link Kind#SNAPSHOT}; its changes are every
 * key it holds). After a lost connection the subscription restarts from the service's new
 * snapshot, delivered as one state ({@link Kind#RESYNC}) whose changes are what differs from the
 * state before; otherwise each state is {@link Kind#CHANGE}. A subscriber that asks for states
 * more slowly than they come gets the latest one, its changes covering everything since the
 * one before.
 */
public final class SubscriptionState {
    /** Why a state was emitted. */
    public enum Kind {
        /** The first state: the service's snapshot. */
        SNAPSHOT,
        /** The subscription reconnected and the service's new snapshot differs from what was known. */
        RESYNC,
        /** Events from the service changed the data. */
        CHANGE
    }

    private final Map<String, Map<String, JsonNode>> data;
    private final List<SubscriptionChange> changes;
    private final Kind kind;

    SubscriptionState(Map<String, Map<String, JsonNode>> data, List<SubscriptionChange> changes, Kind kind) {
        this.data = data;
        this.changes = List.copyOf(changes);
        this.kind = kind;
    }

    /** The changes that take {@code before} to {@code after} (codes of {@code after}'s filter order, then deletions); inner maps unchanged by identity are skipped. */
    static List<SubscriptionChange> diff(Map<String, Map<String, JsonNode>> before, Map<String, Map<String, JsonNode>> after) {
        List<SubscriptionChange> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, JsonNode>> code : after.entrySet()) {
            Map<String, JsonNode> old = before.getOrDefault(code.getKey(), Map.of());
            if (old == code.getValue()) {
                continue;
            }
            code.getValue().forEach((key, value) -> {
                if (!value.equals(old.get(key))) {
                    out.add(new SubscriptionChange(code.getKey(), key, value));
                }
            });
            old.keySet().forEach(key -> {
                if (!code.getValue().containsKey(key)) {
                    out.add(new SubscriptionChange(code.getKey(), key, null));
                }
            });
        }
        before.forEach((code, old) -> {
            if (!after.containsKey(code)) {
                old.keySet().forEach(key -> out.add(new SubscriptionChange(code, key, null)));
            }
        });
        return out;
    }

    /**
     * The data: code → key → value, for every subscribed code (a code with no keys maps to an
     * empty map).
     *
     * @return an unmodifiable map
     */
    public Map<String, Map<String, JsonNode>> data() {
        return data;
    }

    /**
     * The keys of one code.
     *
     * @param code the code
     * @return key → value, empty when the code has none or is not subscribed; unmodifiable
     */
    public Map<String, JsonNode> get(String code) {
        return data.getOrDefault(Objects.requireNonNull(code, "code"), Map.of());
    }

    /**
     * One value.
     *
     * @param code the code
     * @param key the key
     * @return the value, or {@code null} when the key is not there
     */
    public JsonNode get(String code, String key) {
        return get(code).get(Objects.requireNonNull(key, "key"));
    }

    /**
     * What changed since the previous state given to this subscriber (for the first, since
     * nothing): each key whose value differs, with its new value or {@code null} for a deletion.
     *
     * @return an unmodifiable list, in code order and then key order, deletions of a code after its other changes
     */
    public List<SubscriptionChange> changes() {
        return changes;
    }

    /**
     * Why this state was emitted.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "SubscriptionState{" + kind + ", " + data + ", changes " + changes + "}";
    }
}
