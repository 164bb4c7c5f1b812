package io.scamp.discovery;

import java.util.List;

/**
 * A service as a {@link ServiceTable} sees it: its verified announcement and the actions it
 * is authorized to offer (SCAMP.md §7.4).
 */
public record ServiceInstance(AnnouncementRecord record, List<ActionEntry> actions) {
    public ServiceInstance {
        actions = List.copyOf(actions);
    }

    public String ident() {
        return record.ident();
    }

    public String address() {
        return record.address();
    }

    public String fingerprint() {
        return record.fingerprint();
    }

    public double weight() {
        return record.weight();
    }
}
