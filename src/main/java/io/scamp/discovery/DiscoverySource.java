package io.scamp.discovery;

import reactor.core.publisher.Flux;

/**
 * Where records come from: a cache file, multicast, a static list. A source is a stream of
 * its current state; it emits a new state whenever what it knows changes.
 */
@FunctionalInterface
public interface DiscoverySource {
    /**
     * The source's state now, then a new state whenever what it knows changes. Subscribing starts
     * the work (reading a file, joining a group) and cancelling stops it. A source should emit its
     * first state promptly: a {@link ServiceDirectory} has no table until every source has emitted
     * once.
     *
     * @return the states; a source that cannot be set up fails with {@link DiscoveryException}
     */
    Flux<SourceState> states();

    /**
     * A fixed list of records (tests, static set-ups).
     *
     * @param records the records, taken as verified
     * @return a source that emits them, not stale, and never completes
     */
    static DiscoverySource of(java.util.List<AnnouncementRecord> records) {
        return () -> Flux.just(new SourceState(records, java.util.List.of(), false)).concatWith(Flux.never());
    }
}
