package io.scamp.metrics;

import io.scamp.message.MessageHeader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's call meters by action, version and envelope, made on a call's first use. The
 * application chooses what it calls, but a client that forwards names it is given could call
 * anything: past {@link #limit} distinct ones, further ones are all counted as action
 * {@code other} (version and envelope {@code other} too). Lookups by name (its hash is cached in the
 * string) then a scan of the few versions and envelopes seen for it; nothing is allocated.
 */
final class ClientActions {
    /** Distinct action, version and envelope combinations a client tags before the rest go to {@code other}. */
    static final int DEFAULT_LIMIT = 1000;

    private final SideMeters side;
    private final int limit;
    private final ConcurrentHashMap<String, ActionMeters[]> byName = new ConcurrentHashMap<>();
    /** Combinations in {@link #byName}; guarded by this, like every change of the map. */
    private int size;
    private volatile ActionMeters other;

    ClientActions(SideMeters side, int limit) {
        this.side = side;
        this.limit = limit;
    }

    ActionMeters lookup(MessageHeader request) {
        String action = request.action() == null ? TagValues.UNKNOWN : request.action();
        int version = request.version();
        int envelope = TagValues.envelope(request.envelope());
        ActionMeters[] known = byName.get(action);
        if (known != null) {
            for (ActionMeters m : known) {
                if (m.version == version && m.envelope == envelope) {
                    return m;
                }
            }
        }
        return add(action, version, envelope);
    }

    private synchronized ActionMeters add(String action, int version, int envelope) {
        ActionMeters[] known = byName.getOrDefault(action, new ActionMeters[0]);
        for (ActionMeters m : known) {
            if (m.version == version && m.envelope == envelope) {
                return m;
            }
        }
        if (size >= limit) {
            if (other == null) {
                other = new ActionMeters(side, TagValues.OTHER, TagValues.OTHER, 0, TagValues.ENVELOPES.size() - 1);
            }
            return other;
        }
        ActionMeters made = new ActionMeters(side, action, Integer.toString(version), version, envelope);
        ActionMeters[] grown = java.util.Arrays.copyOf(known, known.length + 1);
        grown[known.length] = made;
        byName.put(action, grown);
        size++;
        return made;
    }

    /** Combinations tagged by name now, for tests. */
    synchronized int size() {
        return size;
    }
}
