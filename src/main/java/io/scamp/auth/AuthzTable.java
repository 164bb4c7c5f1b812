package io.scamp.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which privileges each protected action demands (SCAMP.md §8), as {@code Auth.getAuthzTable}
 * returns it: {@code {"namespace.action": [priv, ...], "_NAMES": {...}}} with lowercase action
 * names and privileges as numbers or strings of digits. Keys starting with {@code _} are
 * metadata; {@code _NAMES} maps privilege numbers to names for messages. Immutable.
 */
public final class AuthzTable {
    private final Map<String, List<Integer>> demands;
    private final Map<Integer, String> names;

    private AuthzTable(Map<String, List<Integer>> demands, Map<Integer, String> names) {
        this.demands = Map.copyOf(demands);
        this.names = Map.copyOf(names);
    }

    /**
     * A table from a map of action name to privileges (names are matched case-insensitively).
     *
     * @param demands the privileges each action demands, by full action name
     * @return the table, without privilege names
     */
    public static AuthzTable of(Map<String, List<Integer>> demands) {
        Map<String, List<Integer>> lower = new HashMap<>();
        demands.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return new AuthzTable(lower, Map.of());
    }

    /**
     * Parses a table in the {@code Auth.getAuthzTable} format.
     *
     * @param json the JSON object
     * @return the table
     * @throws IllegalArgumentException naming what is malformed
     */
    public static AuthzTable parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("an authz table is a JSON object");
        }
        Map<String, List<Integer>> demands = new HashMap<>();
        Map<Integer, String> names = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("_NAMES")) {
                names.putAll(names(e.getValue()));
            } else if (!e.getKey().startsWith("_")) {
                demands.put(e.getKey().toLowerCase(Locale.ROOT), privileges(e.getKey(), e.getValue()));
            }
        }
        return new AuthzTable(demands, names);
    }

    /**
     * The privileges {@code action} demands, or empty if the table does not configure it.
     *
     * @param action the full action name, any case
     * @return the privileges, possibly none; empty if the action is not in the table
     */
    public Optional<List<Integer>> demands(String action) {
        return Optional.ofNullable(demands.get(action.toLowerCase(Locale.ROOT)));
    }

    /**
     * A privilege's name if the table gives one, else its number.
     *
     * @param privilege the privilege number
     * @return the name for messages
     */
    public String name(int privilege) {
        return names.getOrDefault(privilege, Integer.toString(privilege));
    }

    /**
     * How many actions the table configures.
     *
     * @return the number of actions
     */
    public int size() {
        return demands.size();
    }

    private static List<Integer> privileges(String action, JsonNode list) {
        if (!list.isArray()) {
            throw new IllegalArgumentException("privileges of " + action + " are not an array");
        }
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (JsonNode p : list) {
            if (p.isNull()) {
                continue;
            }
            if (p.isIntegralNumber() && p.canConvertToInt()) {
                out.add(p.asInt());
            } else if (p.isTextual() && p.asText().matches("\\d{1,9}")) {
                out.add(Integer.parseInt(p.asText()));
            } else {
                throw new IllegalArgumentException("privilege " + p + " of " + action + " is not a number");
            }
        }
        return out;
    }

    private static Map<Integer, String> names(JsonNode node) {
        Map<Integer, String> out = new HashMap<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isTextual()) {
                    out.put(i, node.get(i).asText());
                }
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().matches("\\d{1,9}") && e.getValue().isTextual()) {
                    out.put(Integer.parseInt(e.getKey()), e.getValue().asText());
                }
            });
        }
        return out;
    }
}
