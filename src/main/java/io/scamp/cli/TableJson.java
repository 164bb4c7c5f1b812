package io.scamp.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.Rejection;
import io.scamp.discovery.ServiceInstance;
import io.scamp.discovery.ServiceTable;
import java.util.List;

/** The JSON shapes of {@code scamp list --json} and {@code scamp watch --json}; other tools parse them. */
final class TableJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TableJson() {
    }

    /** {@code {"stale":..,"services":[..],"rejected":[..]}}. */
    static ObjectNode table(ServiceTable table) {
        ObjectNode out = JSON.objectNode();
        out.put("stale", table.isStale());
        ArrayNode services = out.putArray("services");
        table.services().forEach(s -> services.add(service(s)));
        ArrayNode rejected = out.putArray("rejected");
        for (Rejection r : table.rejected()) {
            rejected.addObject().put("ident", r.ident()).put("reason", r.reason());
        }
        return out;
    }

    static ObjectNode service(ServiceInstance s) {
        ObjectNode out = JSON.objectNode();
        out.put("ident", s.ident());
        out.put("sector", s.record().sector());
        number(out, "weight", s.weight());
        out.put("address", s.address());
        out.put("fingerprint", s.fingerprint());
        number(out, "timestamp", s.record().timestamp());
        ArrayNode actions = out.putArray("actions");
        for (ActionEntry a : s.actions()) {
            ObjectNode action = actions.addObject();
            action.put("sector", a.sector());
            action.put("name", a.name());
            action.put("version", a.version());
            strings(action.putArray("flags"), a.flags());
            strings(action.putArray("envelopes"), a.envelopes());
        }
        return out;
    }

    /** Integral values as integers, others as decimals. */
    private static void number(ObjectNode node, String field, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(field, (long) value);
        } else {
            node.put(field, java.math.BigDecimal.valueOf(value)); // plain decimal, never 1.7E9
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
