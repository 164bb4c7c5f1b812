package io.scamp.message;

/**
 * No service in the directory offers the requested action: names the key looked up
 * ({@code sector:namespace.action.vN} and envelope) and whether the directory was stale,
 * which usually explains an empty answer.
 */
public class ServiceNotFoundException extends ScampException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String envelope;
    private final boolean directoryStale;

    public ServiceNotFoundException(String key, String envelope, boolean directoryStale) {
        super("no service offers " + key + " with envelope " + envelope
                + (directoryStale ? " (the service directory is stale)" : " (the service directory is current)"));
        this.key = key;
        this.envelope = envelope;
        this.directoryStale = directoryStale;
    }

    /** The index key looked up, e.g. {@code main:inventory.item.fetch.v1}. */
    public String key() {
        return key;
    }

    public String envelope() {
        return envelope;
    }

    public boolean directoryStale() {
        return directoryStale;
    }
}
