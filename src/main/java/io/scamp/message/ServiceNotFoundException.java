package io.scamp.message;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * No service in the directory offers the requested action: names the key looked up
 * ({@code sector:namespace.action.vN} and envelope) and whether the directory was stale,
 * which usually explains an empty answer. When instances do announce the action but were
 * left out, it says why ({@link Excluded}): not authorized to offer it by the
 * authorized-services rules ({@code bus.authorized_services}, naming their fingerprints and
 * where the rules came from), offering it only with other envelopes, or draining (weight 0).
 */
public class ServiceNotFoundException extends ScampException {
    private static final long serialVersionUID = 2L;
    /** At most this many fingerprints are named in the message; {@link #unauthorizedFingerprints()} has them all. */
    private static final int FINGERPRINTS_NAMED = 3;

    /** The index key looked up, {@code sector:namespace.action.vN}, lowercased. */
    private final String key;
    /** The envelope the request asked for. */
    private final String envelope;
    /** Whether a source of the directory was stale at the lookup. */
    private final boolean directoryStale;
    /** The instances left out, and why; {@link Excluded#NONE} when none announce the action. */
    private final Excluded excluded;

    /**
     * Nothing announces the action at all (or nothing more is known).
     *
     * @param key the index key looked up, {@code sector:namespace.action.vN}
     * @param envelope the envelope the request asked for, such as {@code json}
     * @param directoryStale whether a source of the directory was stale
     */
    public ServiceNotFoundException(String key, String envelope, boolean directoryStale) {
        this(key, envelope, directoryStale, Excluded.NONE);
    }

    /**
     * Instances announce the action but {@code excluded} says why none of them can take the request.
     * The message names the key, the envelope, the staleness and each reason.
     *
     * @param key the index key looked up, {@code sector:namespace.action.vN}
     * @param envelope the envelope the request asked for, such as {@code json}
     * @param directoryStale whether a source of the directory was stale
     * @param excluded the instances left out, by reason ({@link Excluded#NONE} for none)
     * @throws NullPointerException if {@code excluded} is null
     */
    public ServiceNotFoundException(String key, String envelope, boolean directoryStale, Excluded excluded) {
        super(message(key, envelope, directoryStale, Objects.requireNonNull(excluded, "excluded")));
        this.key = key;
        this.envelope = envelope;
        this.directoryStale = directoryStale;
        this.excluded = excluded;
    }

    /**
     * The index key looked up, e.g. {@code main:inventory.item.fetch.v1}.
     *
     * @return the key, {@code sector:namespace.action.vN}
     */
    public String key() {
        return key;
    }

    /**
     * The envelope the lookup asked for.
     *
     * @return the envelope, such as {@code json}
     */
    public String envelope() {
        return envelope;
    }

    /**
     * Whether the directory was stale (an old cache file), which usually explains a miss.
     *
     * @return true when a source of the directory was stale at the lookup
     */
    public boolean directoryStale() {
        return directoryStale;
    }

    /**
     * The instances that announce the action but were left out, and why.
     *
     * @return the exclusions; {@link Excluded#NONE} when nothing announces the action
     */
    public Excluded excluded() {
        return excluded;
    }

    /**
     * How many instances announce the action but are not authorized to offer it.
     *
     * @return {@link Excluded#unauthorizedInstances()}
     */
    public int unauthorizedInstances() {
        return excluded.unauthorizedInstances();
    }

    /**
     * The distinct certificate fingerprints of those instances.
     *
     * @return every fingerprint (the message names at most three); empty when none
     */
    public List<String> unauthorizedFingerprints() {
        return excluded.unauthorizedFingerprints();
    }

    /**
     * Where the authorized-services rules that withheld them came from, e.g.
     * {@code file /etc/scamp/authorized_services}; empty when none were withheld.
     *
     * @return {@link Excluded#authorizationSource()}
     */
    public String authorizationSource() {
        return excluded.authorizationSource();
    }

    /**
     * How many authorized instances announce the action, but not with the requested envelope.
     *
     * @return {@link Excluded#otherEnvelopeInstances()}
     */
    public int otherEnvelopeInstances() {
        return excluded.otherEnvelopeInstances();
    }

    /**
     * The envelopes those instances offer it with.
     *
     * @return the distinct envelopes; empty when none
     */
    public List<String> otherEnvelopes() {
        return excluded.otherEnvelopes();
    }

    /**
     * How many authorized instances offer the action with the envelope but are draining (weight 0).
     *
     * @return {@link Excluded#drainingInstances()}
     */
    public int drainingInstances() {
        return excluded.drainingInstances();
    }

    private static String message(String key, String envelope, boolean stale, Excluded excluded) {
        StringBuilder m = new StringBuilder("no service offers ").append(key).append(" with envelope ").append(envelope)
                .append(stale ? " (the service directory is stale)" : " (the service directory is current)");
        int n = excluded.unauthorizedInstances();
        if (n > 0) {
            m.append("; ").append(instances(n)).append(n == 1 ? " offers" : " offer").append(" the action but")
                    .append(n == 1 ? " is" : " are").append(" not authorized to by the authorized-services rules (bus.authorized_services; ")
                    .append(excluded.authorizationSource()).append(')');
            List<String> fingerprints = excluded.unauthorizedFingerprints();
            if (!fingerprints.isEmpty()) {
                m.append(": fingerprint").append(fingerprints.size() == 1 ? " " : "s ")
                        .append(String.join(", ", fingerprints.subList(0, Math.min(FINGERPRINTS_NAMED, fingerprints.size()))));
                if (fingerprints.size() > FINGERPRINTS_NAMED) {
                    m.append(" and ").append(fingerprints.size() - FINGERPRINTS_NAMED).append(" more");
                }
            }
        }
        n = excluded.otherEnvelopeInstances();
        if (n > 0) {
            m.append("; ").append(instances(n)).append(n == 1 ? " offers" : " offer").append(" the action only with envelope")
                    .append(excluded.otherEnvelopes().size() == 1 ? " " : "s ").append(String.join(", ", excluded.otherEnvelopes()));
        }
        n = excluded.drainingInstances();
        if (n > 0) {
            m.append("; ").append(instances(n)).append(" offering it").append(n == 1 ? " is" : " are").append(" draining (weight 0)");
        }
        return m.toString();
    }

    private static String instances(int n) {
        return n + (n == 1 ? " instance" : " instances");
    }

    /**
     * The instances that announce an action but were left out of a lookup, by reason. An
     * instance counts once, under the first reason that applies: not authorized, then another
     * envelope, then draining.
     *
     * @param unauthorizedInstances instances not authorized to offer the action
     * @param unauthorizedFingerprints their distinct certificate fingerprints
     * @param authorizationSource where the authorized-services rules came from ({@code ""} if none withheld anything)
     * @param otherEnvelopeInstances authorized instances offering the action only with other envelopes
     * @param otherEnvelopes those envelopes, distinct
     * @param drainingInstances authorized instances offering it with the envelope, at weight 0
     * @serial exclude
     */
    public record Excluded(int unauthorizedInstances, List<String> unauthorizedFingerprints, String authorizationSource,
            int otherEnvelopeInstances, List<String> otherEnvelopes, int drainingInstances) implements Serializable {
        /** Nobody left out. */
        public static final Excluded NONE = new Excluded(0, List.of(), "", 0, List.of(), 0);

        /**
         * Copies the lists.
         *
         * @param unauthorizedInstances instances not authorized to offer the action
         * @param unauthorizedFingerprints their distinct certificate fingerprints, copied
         * @param authorizationSource where the rules came from, {@code ""} if none withheld anything
         * @param otherEnvelopeInstances authorized instances offering the action only with other envelopes
         * @param otherEnvelopes those envelopes, copied
         * @param drainingInstances authorized instances offering it with the envelope, at weight 0
         * @throws NullPointerException if a list, one of its elements, or
         *     {@code authorizationSource} is null
         */
        public Excluded {
            unauthorizedFingerprints = List.copyOf(unauthorizedFingerprints);
            authorizationSource = Objects.requireNonNull(authorizationSource, "authorizationSource");
            otherEnvelopes = List.copyOf(otherEnvelopes);
        }

        /**
         * Whether any instance was left out.
         *
         * @return true when at least one count is above zero
         */
        public boolean any() {
            return unauthorizedInstances + otherEnvelopeInstances + drainingInstances > 0;
        }
    }
}
