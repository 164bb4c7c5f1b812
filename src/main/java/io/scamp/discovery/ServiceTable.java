package io.scamp.discovery;

import io.scamp.message.ServiceNotFoundException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of the service directory (SCAMP.md §7.2): the services, the actions
 * each may offer, an index by {@code sector:namespace.action.vN} (CRUD aliases included), and
 * whether its source is stale. Lookups filter by envelope and drop weight-0 services;
 * unauthorized actions are not in the index at all. They are kept aside, with where the
 * authorized-services rules came from, so that {@link #notFound} can say why a lookup came
 * back empty.
 */
public final class ServiceTable {
    private static final ServiceTable EMPTY = new ServiceTable(List.of(), List.of(), List.of(), false, "");

    private final List<ServiceInstance> services;
    private final List<Rejection> rejected;
    private final boolean stale;
    private final Map<String, List<Offer>> index;
    /** The announced actions the authorized-services rules withheld, by key (and alias key) as {@link #index}. */
    private final Map<String, List<Offer>> withheld;
    /** {@link AuthorizedServices#origin()} of the rules applied. */
    private final String authorizationOrigin;

    private ServiceTable(List<ServiceInstance> services, List<Offer> unauthorized, List<Rejection> rejected, boolean stale,
            String authorizationOrigin) {
        this.services = List.copyOf(services);
        this.rejected = List.copyOf(rejected);
        this.stale = stale;
        this.authorizationOrigin = authorizationOrigin;
        Map<String, List<Offer>> byKey = new HashMap<>();
        for (ServiceInstance s : this.services) {
            for (ActionEntry a : s.actions()) {
                addOffer(byKey, new Offer(s, a));
            }
        }
        this.index = immutable(byKey);
        if (unauthorized.isEmpty()) {
            this.withheld = Map.of();
        } else {
            Map<String, List<Offer>> withheldByKey = new HashMap<>();
            unauthorized.forEach(o -> addOffer(withheldByKey, o));
            this.withheld = immutable(withheldByKey);
        }
    }

    private static void addOffer(Map<String, List<Offer>> byKey, Offer offer) {
        byKey.computeIfAbsent(offer.action().key(), k -> new ArrayList<>()).add(offer);
        for (String alias : offer.action().aliasKeys()) {
            byKey.computeIfAbsent(alias, k -> new ArrayList<>()).add(offer);
        }
    }

    private static Map<String, List<Offer>> immutable(Map<String, List<Offer>> byKey) {
        byKey.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(byKey);
    }

    /**
     * The table of a directory whose sources have not spoken yet.
     *
     * @return the shared empty table: no services, not stale, no rejections
     */
    public static ServiceTable empty() {
        return EMPTY;
    }

    /**
     * A table of {@code records}, each limited to the actions {@code authorized} allows.
     * Every record becomes a service, even one left with no action; the actions withheld are
     * kept for {@link #notFound}.
     *
     * @param records verified announcements, at most one per fingerprint and ident
     * @param authorized the authorized-services rules that decide which fingerprint may offer
     *     which actions
     * @param rejected the records the sources skipped, with reasons, reported as they are
     * @param stale whether a source is stale
     * @return the table
     */
    public static ServiceTable of(List<AnnouncementRecord> records, AuthorizedServices authorized, List<Rejection> rejected, boolean stale) {
        List<ServiceInstance> services = new ArrayList<>();
        List<Offer> unauthorized = new ArrayList<>();
        List<ActionEntry> allowed = new ArrayList<>();
        List<ActionEntry> denied = new ArrayList<>();
        for (AnnouncementRecord r : records) {
            allowed.clear();
            denied.clear();
            for (ActionEntry a : r.actions()) {
                (authorized.isAuthorized(r.fingerprint(), a.sector(), a.name()) ? allowed : denied).add(a);
            }
            ServiceInstance instance = new ServiceInstance(r, allowed);
            services.add(instance);
            denied.forEach(a -> unauthorized.add(new Offer(instance, a)));
        }
        return new ServiceTable(services, unauthorized, rejected, stale, authorized.origin());
    }

    /**
     * The services, whatever they offer.
     *
     * @return every service in the table, draining ones and ones with no authorized action
     *     included, in the order of the records
     */
    public List<ServiceInstance> services() {
        return services;
    }

    /**
     * Records the sources skipped, with reasons.
     *
     * @return the rejections (bad signature, unreadable file, ...), from every source
     */
    public List<Rejection> rejected() {
        return rejected;
    }

    /**
     * Whether a source of this table is stale (an old cache file).
     *
     * @return true when any source was stale; lookups still use its records
     */
    public boolean isStale() {
        return stale;
    }

    /**
     * Every index key (plain and alias), for inspection.
     *
     * @return the keys, {@code sector:namespace.action.vN} lowercased, of authorized actions only
     */
    public Set<String> keys() {
        return index.keySet();
    }

    /**
     * The routable offers of {@code sector:action vN} with {@code envelope}: authorized,
     * listing the envelope, weight above zero.
     *
     * @param sector the sector, usually {@code main}; matched case-insensitively
     * @param action the action's full name or a CRUD alias ({@code Namespace._read});
     *     matched case-insensitively
     * @param version the action's version
     * @param envelope the envelope the request uses, such as {@code json}; matched exactly
     * @return a new list of the offers, empty when nothing can take the request (then see
     *     {@link #notFound})
     */
    public List<Offer> lookup(String sector, String action, int version, String envelope) {
        List<Offer> out = new ArrayList<>();
        for (Offer o : index.getOrDefault(ActionEntry.key(sector, action, version), List.of())) {
            if (o.service().weight() > 0 && o.action().supportsEnvelope(envelope)) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * The exception for a lookup of {@code sector:action vN} with {@code envelope} that found
     * nothing to route to: it names the key, whether the table is stale, and the instances
     * that announce the action but were left out (not authorized, with their fingerprints and
     * the origin of the rules; only other envelopes; draining). Costs a walk over the offers of
     * that one key, so call it only on a miss.
     *
     * @param sector the sector looked up
     * @param action the action's full name or alias looked up
     * @param version the version looked up
     * @param envelope the envelope looked up
     * @return the exception, to be signalled or thrown by the caller
     */
    public ServiceNotFoundException notFound(String sector, String action, int version, String envelope) {
        String key = ActionEntry.key(sector, action, version);
        Set<String> unauthorized = new HashSet<>();
        Set<String> fingerprints = new LinkedHashSet<>();
        for (Offer o : withheld.getOrDefault(key, List.of())) {
            if (unauthorized.add(id(o.service()))) {
                fingerprints.add(o.service().fingerprint());
            }
        }
        Set<String> withEnvelope = new HashSet<>();
        Set<String> draining = new HashSet<>();
        for (Offer o : index.getOrDefault(key, List.of())) {
            if (o.action().supportsEnvelope(envelope)) {
                withEnvelope.add(id(o.service()));
                if (o.service().weight() <= 0) {
                    draining.add(id(o.service()));
                }
            }
        }
        Set<String> otherEnvelope = new HashSet<>();
        Set<String> envelopes = new LinkedHashSet<>();
        for (Offer o : index.getOrDefault(key, List.of())) {
            if (!withEnvelope.contains(id(o.service())) && otherEnvelope.add(id(o.service()))) {
                envelopes.addAll(o.action().envelopes());
            }
        }
        otherEnvelope.removeAll(unauthorized);
        draining.removeAll(unauthorized);
        ServiceNotFoundException.Excluded excluded = new ServiceNotFoundException.Excluded(unauthorized.size(), List.copyOf(fingerprints),
                unauthorized.isEmpty() ? "" : authorizationOrigin, otherEnvelope.size(), List.copyOf(envelopes), draining.size());
        return new ServiceNotFoundException(key, envelope, stale, excluded);
    }

    /**
     * What changed from {@code previous} to this table, by service identity and fingerprint.
     *
     * @param previous the earlier table
     * @return the services added, removed, and updated (same fingerprint and ident, another
     *     record)
     */
    public Changes changesSince(ServiceTable previous) {
        Set<String> before = identities(previous);
        Set<String> after = identities(this);
        List<ServiceInstance> added = services.stream().filter(s -> !before.contains(id(s))).toList();
        List<ServiceInstance> removed = previous.services.stream().filter(s -> !after.contains(id(s))).toList();
        Set<String> beforeRecords = records(previous);
        List<ServiceInstance> updated = services.stream()
                .filter(s -> before.contains(id(s)) && !beforeRecords.contains(s.record().jsonLine()))
                .toList();
        return new Changes(added, removed, updated);
    }

    /**
     * Whether the two tables hold the same records, actions and staleness.
     * The rejections and where the authorized-services rules came from count too.
     *
     * @param other the table to compare with
     * @return true when the services (records and authorized actions), the staleness, the
     *     rejections and the rules' origin are all equal
     */
    public boolean sameAs(ServiceTable other) {
        if (other == this) {
            return true;
        }
        if (stale != other.stale || services.size() != other.services.size() || !authorizationOrigin.equals(other.authorizationOrigin)) {
            return false;
        }
        return new HashSet<>(services).equals(new HashSet<>(other.services)) && rejected.equals(other.rejected);
    }

    private static Set<String> identities(ServiceTable t) {
        Set<String> ids = new LinkedHashSet<>();
        t.services.forEach(s -> ids.add(id(s)));
        return ids;
    }

    private static Set<String> records(ServiceTable t) {
        Set<String> lines = new HashSet<>();
        t.services.forEach(s -> lines.add(s.record().jsonLine()));
        return lines;
    }

    private static String id(ServiceInstance s) {
        return s.fingerprint() + " " + s.ident();
    }

    @Override
    public String toString() {
        return "ServiceTable{" + services.size() + " services, " + index.size() + " keys" + (stale ? ", stale" : "") + "}";
    }

    /**
     * One service offering one action.
     *
     * @param service the service instance, whose address and fingerprint a request uses
     * @param action the action as the service announced it (its own name, not an alias)
     */
    public record Offer(ServiceInstance service, ActionEntry action) {
    }

    /**
     * The difference between two tables.
     *
     * @param added services only in the newer table
     * @param removed services only in the older table
     * @param updated services in both whose record changed (a new timestamp counts)
     */
    public record Changes(List<ServiceInstance> added, List<ServiceInstance> removed, List<ServiceInstance> updated) {
        /**
         * Whether nothing changed.
         *
         * @return true when no service was added, removed or updated
         */
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && updated.isEmpty();
        }
    }
}
