package io.scamp.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The v4 extension object of a record (SCAMP.md §7.1): run-length encoded vectors
 * {@code acname}, {@code acns}, {@code acver}, {@code acflag}, {@code acenv}, {@code acsec},
 * {@code accompat}. An empty object (scamp-js) means no v4 actions.
 */
final class V4Actions {
    private V4Actions() {
    }

    /** @throws IllegalArgumentException if a vector is malformed or the actions cost more than {@code budget} */
    static List<ActionEntry> parse(JsonNode ext, ActionBudget budget) {
        List<ActionEntry> out = new ArrayList<>();
        JsonNode names = ext.get("acname");
        if (names == null || names.isNull()) {
            return out;
        }
        List<JsonNode> name = RunLengthVectors.expand(names, "acname", -1);
        int n = name.size();
        if (n == 0) {
            return out;
        }
        List<JsonNode> ns = RunLengthVectors.expand(ext.get("acns"), "acns", n);
        List<JsonNode> sec = RunLengthVectors.expand(ext.get("acsec"), "acsec", n);
        List<JsonNode> env = RunLengthVectors.expand(ext.get("acenv"), "acenv", n);
        List<JsonNode> ver = ext.has("acver") ? RunLengthVectors.expand(ext.get("acver"), "acver", n) : null;
        List<JsonNode> flag = ext.has("acflag") ? RunLengthVectors.expand(ext.get("acflag"), "acflag", n) : null;
        List<JsonNode> compat = ext.has("accompat") ? RunLengthVectors.expand(ext.get("accompat"), "accompat", n) : null;
        for (int i = 0; i < n; i++) {
            if (compat != null && AnnouncementParser.flexInt(compat.get(i), "accompat", 1) != 1) {
                continue;
            }
            String action = AnnouncementParser.text(name.get(i), "acname entry");
            String sector = AnnouncementParser.text(sec.get(i), "acsec entry");
            String namespace = AnnouncementParser.text(ns.get(i), "acns entry");
            int version = ver == null ? 1 : AnnouncementParser.flexInt(ver.get(i), "acver entry", 1);
            String flagText = flag == null || flag.get(i).isNull() ? "" : AnnouncementParser.text(flag.get(i), "acflag entry");
            String envelopeText = AnnouncementParser.text(env.get(i), "acenv entry");
            if (V3Actions.usable(sector, action)) {
                budget.charge(namespace.length() + action.length() + sector.length() + flagText.length() + envelopeText.length());
                out.add(new ActionEntry(sector, namespace + "." + action, version, V3Actions.flags(flagText),
                        V3Actions.flags(envelopeText)));
            }
        }
        return out;
    }
}
