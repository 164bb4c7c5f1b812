package io.scamp.discovery;

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
 * unauthorized actions are not in the index at all.
 */
public final class ServiceTable {
    private static final ServiceTable EMPTY = new ServiceTable(List.of(), List.of(), false);

    private final List<ServiceInstance> services;
    private final List<Rejection> rejected;
    private final boolean stale;
    private final Map<String, List<Offer>> index;

    private ServiceTable(List<ServiceInstance> services, List<Rejection> rejected, boolean stale) {
        this.services = List.copyOf(services);
        this.rejected = List.copyOf(rejected);
        this.stale = stale;
        Map<String, List<Offer>> byKey = new HashMap<>();
        for (ServiceInstance s : this.services) {
            for (ActionEntry a : s.actions()) {
                byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(new Offer(s, a));
                for (String alias : a.aliasKeys()) {
                    byKey.computeIfAbsent(alias, k -> new ArrayList<>()).add(new Offer(s, a));
                }
            }
        }
        byKey.replaceAll((k, v) -> List.copyOf(v));
        this.index = Collections.unmodifiableMap(byKey);
    }

    public static ServiceTable empty() {
        return EMPTY;
    }

    /** A table of {@code records}, each limited to the actions {@code authorized} allows. */
    public static ServiceTable of(List<AnnouncementRecord> records, AuthorizedServices authorized, List<Rejection> rejected, boolean stale) {
        List<ServiceInstance> services = new ArrayList<>();
        for (AnnouncementRecord r : records) {
            services.add(new ServiceInstance(r, r.actions().stream()
                    .filter(a -> authorized.isAuthorized(r.fingerprint(), a.sector(), a.name()))
                    .toList()));
        }
        return new ServiceTable(services, rejected, stale);
    }

    public List<ServiceInstance> services() {
        return services;
    }

    /** Records the sources skipped, with reasons. */
    public List<Rejection> rejected() {
        return rejected;
    }

    /** Whether a source of this table is stale (an old cache file). */
    public boolean isStale() {
        return stale;
    }

    /** Every index key (plain and alias), for inspection. */
    public Set<String> keys() {
        return index.keySet();
    }

    /**
     * The routable offers of {@code sector:action vN} with {@code envelope}: authorized,
     * listing the envelope, weight above zero.
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

    /** What changed from {@code previous} to this table, by service identity and fingerprint. */
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

    /** Whether the two tables hold the same records, actions and staleness. */
    public boolean sameAs(ServiceTable other) {
        if (other == this) {
            return true;
        }
        if (stale != other.stale || services.size() != other.services.size()) {
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

    /** One service offering one action. */
    public record Offer(ServiceInstance service, ActionEntry action) {
    }

    /** The difference between two tables. */
    public record Changes(List<ServiceInstance> added, List<ServiceInstance> removed, List<ServiceInstance> updated) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && updated.isEmpty();
        }
    }
}
