package io.scamp.discovery;

import java.util.List;

/**
 * A service as a {@link ServiceTable} sees it: its verified announcement and the actions it
 * is authorized to offer (SCAMP.md §7.4).
 *
 * @param record the verified announcement
 * @param actions the announced actions the authorized services allow it
 */
public record ServiceInstance(AnnouncementRecord record, List<ActionEntry> actions) {
    /**
     * Copies {@code actions} into an unmodifiable list.
     *
     * @param record the verified announcement
     * @param actions the announced actions the authorized services allow it
     */
    public ServiceInstance {
        actions = List.copyOf(actions);
    }

    /**
     * The record's instance identity.
     *
     * @return the identity
     */
    public String ident() {
        return record.ident();
    }

    /**
     * The record's address, {@code beepish+tls://HOST:PORT}.
     *
     * @return the address
     */
    public String address() {
        return record.address();
    }

    /**
     * The record's certificate fingerprint, which the client pins.
     *
     * @return the fingerprint
     */
    public String fingerprint() {
        return record.fingerprint();
    }

    /**
     * The record's routing weight; 0 means draining.
     *
     * @return the weight
     */
    public double weight() {
        return record.weight();
    }
}
