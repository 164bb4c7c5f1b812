package io.scamp.discovery;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Turns what a {@link DiscoverySource} (normally the {@link MulticastObserver}) knows into a
 * discovery cache file for the other processes of a host (SCAMP.md §7.3): the file is
 * replaced atomically on every change and rewritten every {@code refresh} so that readers do
 * not take it for stale. Records are written as they were announced, byte for byte.
 */
public final class CacheManager implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CacheManager.class);

    private final Disposable running;

    private CacheManager(Disposable running) {
        this.running = running;
    }

    /**
     * Starts writing {@code file} from {@code source}: on every change of its state and every
     * {@code refresh}. A write that fails is logged and tried again at the next change or refresh;
     * an error of the source stops the manager (logged).
     *
     * @param source where the records come from, normally a {@link MulticastObserver}
     * @param file the cache file to maintain
     * @param refresh how often to rewrite the file unchanged, well under the readers' max age
     * @return the running manager; {@link #close()} stops it (the file is left as it is)
     */
    public static CacheManager start(DiscoverySource source, Path file, Duration refresh) {
        Flux<SourceState> states = source.states().replay(1).refCount();
        Flux<SourceState> rewrites = Flux.merge(states,
                Flux.interval(refresh, refresh, Schedulers.boundedElastic()).flatMap(t -> states.take(1)));
        Disposable running = rewrites
                .publishOn(Schedulers.boundedElastic(), 1)
                .subscribe(state -> write(file, state), error -> LOG.error("the cache manager of {} stopped: {}", file, error.toString()));
        return new CacheManager(running);
    }

    private static void write(Path file, SourceState state) {
        List<String> texts = state.records().stream().map(AnnouncementRecord::text).toList();
        try {
            CacheFileWriter.write(file, texts);
        } catch (IOException e) {
            LOG.warn("cannot write the discovery cache {}: {}; trying again at the next change or refresh", file, e.toString());
        }
    }

    /** Stops writing; the file keeps its last contents. */
    @Override
    public void close() {
        running.dispose();
    }
}
