package io.scamp.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The v3 action list of a record: {@code [[namespace, [action, "flag,flag", version?], ...], ...]}
 * or {@code null}. Every entry takes the record's sector and envelopes.
 */
final class V3Actions {
    private V3Actions() {
    }

    /** @throws IllegalArgumentException if the list is malformed or its actions cost more than {@code budget} */
    static List<ActionEntry> parse(JsonNode list, String sector, List<String> envelopes, ActionBudget budget) {
        List<ActionEntry> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("v3 action list is not an array");
        }
        for (JsonNode group : list) {
            if (!group.isArray() || group.size() < 1 || !group.get(0).isTextual()) {
                throw new IllegalArgumentException("v3 action group is not [namespace, actions...]: " + group);
            }
            String namespace = group.get(0).asText();
            for (int k = 1; k < group.size(); k++) {
                JsonNode action = group.get(k);
                if (!action.isArray() || action.size() < 1 || !action.get(0).isTextual()) {
                    throw new IllegalArgumentException("v3 action is not [name, flags, version]: " + action);
                }
                String name = action.get(0).asText();
                JsonNode flagNode = action.size() > 1 ? action.get(1) : null;
                String flagText = flagNode == null || flagNode.isNull() ? "" : AnnouncementParser.text(flagNode, "flags of " + name);
                int version = AnnouncementParser.flexInt(action.size() > 2 ? action.get(2) : null, "version of " + namespace + "." + name, 1);
                if (usable(sector, name)) {
                    // Each action gets its own copy of the list of the record's envelopes: one unit apiece.
                    budget.charge(namespace.length() + name.length() + sector.length() + flagText.length() + envelopes.size());
                    out.add(new ActionEntry(sector, namespace + "." + name, version, flags(flagText), envelopes));
                }
            }
        }
        return out;
    }

    /** SCAMP.md §7.2: skip actions whose sector has {@code :} or whose name has {@code .}. */
    static boolean usable(String sector, String name) {
        return sector.indexOf(':') < 0 && name.indexOf('.') < 0 && !name.isEmpty();
    }

    static List<String> flags(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList();
    }
}
