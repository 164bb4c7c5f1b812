package io.scamp.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Records from a discovery cache file (SCAMP.md §7.3), re-read within a second of the file
 * being rewritten or replaced. Records do not expire by timestamp: they vanish when a newer
 * file no longer has them. A file older than {@code maxAge} is stale. A missing or unreadable
 * file gives no records, a rejection saying why, and counts as stale.
 */
public final class CacheFileSource implements DiscoverySource {
    static final Duration POLL = Duration.ofMillis(250);

    private final Path file;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * A source reading {@code file}; nothing is read until {@link #states()} is subscribed to or
     * {@link #read()} called.
     *
     * @param file the discovery cache file
     * @param maxAge the age past which the file is stale ({@code discovery.cache_max_age})
     */
    public CacheFileSource(Path file, Duration maxAge) {
        this(file, maxAge, Clock.systemUTC());
    }

    CacheFileSource(Path file, Duration maxAge, Clock clock) {
        this.file = file;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * The file this source reads.
     *
     * @return the cache file
     */
    public Path file() {
        return file;
    }

    /**
     * One read, now.
     *
     * @return the file's records and rejections, stale if the file is old; for a file that cannot
     *     be read, no records, a rejection saying why, and stale
     */
    public SourceState read() {
        try {
            CacheContents contents = CacheFileReader.read(file);
            return new SourceState(contents.records(), contents.rejected(), contents.isStale(clock.instant(), maxAge.toSeconds()));
        } catch (IOException e) {
            return new SourceState(List.of(), List.of(new Rejection(null, "cannot read cache file " + file + ": " + e, Rejection.Kind.UNREADABLE)), true);
        }
    }

    /**
     * The state at once, then a new one whenever the file changes (checked every 250 ms) or
     * turns stale as time passes (checked every second). Equal states are not repeated.
     *
     * @return the states; never completes
     */
    @Override
    public Flux<SourceState> states() {
        return Flux.defer(() -> {
            AtomicReference<SourceState> last = new AtomicReference<>();
            // Re-read on every change of the file; re-evaluate staleness as time passes.
            Flux<Boolean> changes = FileWatch.changes(file, POLL).map(stamp -> Boolean.TRUE);
            Flux<Boolean> ageing = Flux.interval(Duration.ofSeconds(1), Duration.ofSeconds(1), Schedulers.boundedElastic()).map(t -> Boolean.FALSE);
            return Flux.merge(changes, ageing)
                    .map(reread -> {
                        SourceState current = last.get();
                        SourceState next = reread || current == null ? read()
                                : new SourceState(current.records(), current.rejected(), staleNow());
                        last.set(next);
                        return next;
                    })
                    .distinctUntilChanged();
        });
    }

    private boolean staleNow() {
        try {
            return Files.getLastModifiedTime(file).toInstant().plus(maxAge).isBefore(clock.instant());
        } catch (IOException e) {
            return true;
        }
    }
}
