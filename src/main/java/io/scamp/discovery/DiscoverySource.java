package io.scamp.discovery;

import reactor.core.publisher.Flux;

/**
 * Where records come from: a cache file, multicast, a static list. A source is a stream of
 * its current state; it emits a new state whenever what it knows changes.
 */
@FunctionalInterface
public interface DiscoverySource {
    Flux<SourceState> states();

    /** A fixed list of records (tests, static set-ups). */
    static DiscoverySource of(java.util.List<AnnouncementRecord> records) {
        return () -> Flux.just(new SourceState(records, java.util.List.of(), false)).concatWith(Flux.never());
    }
}
