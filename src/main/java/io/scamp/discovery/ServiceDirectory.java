package io.scamp.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The live service directory (SCAMP.md §7.2): merges any number of {@link DiscoverySource}s,
 * filters them through the authorized services, and publishes immutable {@link ServiceTable}
 * snapshots. {@link #snapshots()} gives a new subscriber the current table at once, then one
 * table per real change. The directory runs from creation until it is disposed
 * ({@link #dispose()}, {@link #disposeLater()} or {@link #close()}, all non-blocking): its
 * sources stop (watchers, multicast sockets), and {@link #snapshots()} completes for every
 * subscriber, present and future (a later subscriber gets the last table, then completion).
 *
 * <pre>{@code
 * ServiceDirectory directory = ServiceDirectory.create(
 *         List.of(new CacheFileSource(Path.of("/var/scamp/discovery_cache"), Duration.ofSeconds(120))),
 *         AuthorizedServicesSource.watch(Path.of("/etc/scamp/authorized_services"), true));
 * directory.snapshots().subscribe(table -> System.out.println(table.services().size() + " services"));
 * }</pre>
 */
public final class ServiceDirectory implements Disposable, AutoCloseable {
    private final AtomicReference<ServiceTable> current = new AtomicReference<>();
    private final Flux<ServiceTable> snapshots;
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private volatile boolean disposed;

    private ServiceDirectory(List<DiscoverySource> sources, Flux<AuthorizedServices> authorized) {
        List<Flux<?>> inputs = new ArrayList<>();
        sources.forEach(s -> inputs.add(s.states()));
        inputs.add(authorized);
        Flux<ServiceTable> tables = Flux.combineLatest(inputs, ServiceDirectory::merge)
                .distinctUntilChanged(t -> t, (a, b) -> a.sameAs(b))
                .doOnNext(current::set)
                .takeUntilOther(closed.asMono())
                .replay(1)
                .autoConnect(0);
        this.snapshots = tables;
    }

    /**
     * A directory over {@code sources}, filtered by the authorized services {@code authorized}
     * emits (see {@link AuthorizedServicesSource}). It starts at once. The first table comes
     * once every source and {@code authorized} have each emitted; after that, a change in any
     * of them gives a new table. Where sources hold the same instance (same fingerprint and
     * ident), the record with the newest timestamp wins.
     *
     * @param sources where records come from (cache files, multicast, fixed records), copied
     * @param authorized the authorized-services rules, the latest of which filters every table
     * @return the running directory, to be disposed when no longer needed
     * @throws IllegalArgumentException if {@code sources} is empty
     * @throws NullPointerException if {@code sources} or one of them is null
     */
    public static ServiceDirectory create(List<DiscoverySource> sources, Flux<AuthorizedServices> authorized) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a directory needs at least one source");
        }
        return new ServiceDirectory(List.copyOf(sources), authorized);
    }

    /**
     * A directory of fixed records, every action authorized (tests, static set-ups).
     *
     * @param records the announcements it holds, as they are (nothing expires)
     * @return the directory; its first table is ready at once
     */
    public static ServiceDirectory of(List<AnnouncementRecord> records) {
        return create(List.of(DiscoverySource.of(records)), AuthorizedServicesSource.fixed(AuthorizedServices.allowAll()));
    }

    /**
     * The current table, then one per change.
     *
     * @return a shared {@code Flux}: a subscriber gets the latest table at once (or the first
     *     when it comes), then each table that differs from the one before; it completes when the
     *     directory is disposed
     */
    public Flux<ServiceTable> snapshots() {
        return snapshots;
    }

    /**
     * Whether the sources have produced the first table ({@link #current()} is then theirs, not a placeholder).
     *
     * @return true once the first table has been built
     */
    public boolean hasTable() {
        return current.get() != null;
    }

    /**
     * The latest table, or an empty one before the sources have spoken.
     *
     * @return the latest table, or {@link ServiceTable#empty()} before the first one; never
     *     {@code null}, never blocks
     */
    public ServiceTable current() {
        ServiceTable t = current.get();
        return t == null ? ServiceTable.empty() : t;
    }

    /**
     * Waits up to {@code timeout} for the first table (blocking: not for a Reactor thread).
     * Returns at once when there already is one.
     *
     * @param timeout how long to wait
     * @return the latest table; an empty one if the directory was disposed before any came
     * @throws IllegalStateException if no table came within {@code timeout} (Reactor's
     *     {@code blockFirst} timeout), or if called on a non-blocking (Reactor) thread
     */
    public ServiceTable awaitFirst(java.time.Duration timeout) {
        ServiceTable t = snapshots.blockFirst(timeout);
        return t == null ? ServiceTable.empty() : t;
    }

    /** Stops the sources and completes {@link #snapshots()}; returns at once. Idempotent. */
    @Override
    public void dispose() {
        disposed = true;
        closed.tryEmitEmpty();
    }

    /**
     * Whether the directory has been disposed.
     *
     * @return true once {@link #dispose()} (or {@link #close()}, or a subscribed
     *     {@link #disposeLater()}) has run
     */
    @Override
    public boolean isDisposed() {
        return disposed;
    }

    /**
     * {@link #dispose()} as a {@code Mono} for a Reactor chain: disposes on subscription, then completes.
     *
     * @return a {@code Mono} that disposes the directory when subscribed to, then completes
     */
    public Mono<Void> disposeLater() {
        return Mono.fromRunnable(this::dispose);
    }

    /** The same as {@link #dispose()} (it never blocks), for try-with-resources. */
    @Override
    public void close() {
        dispose();
    }

    private static ServiceTable merge(Object[] latest) {
        Map<String, AnnouncementRecord> newest = new LinkedHashMap<>();
        List<Rejection> rejected = new ArrayList<>();
        boolean stale = false;
        for (int i = 0; i < latest.length - 1; i++) {
            SourceState state = (SourceState) latest[i];
            stale |= state.stale();
            rejected.addAll(state.rejected());
            for (AnnouncementRecord r : state.records()) {
                newest.merge(r.fingerprint() + " " + r.ident(), r, (a, b) -> b.timestamp() >= a.timestamp() ? b : a);
            }
        }
        AuthorizedServices authorized = (AuthorizedServices) latest[latest.length - 1];
        return ServiceTable.of(new ArrayList<>(newest.values()), authorized, rejected, stale);
    }
}
