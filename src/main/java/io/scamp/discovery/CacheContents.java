package io.scamp.discovery;

import java.time.Instant;
import java.util.List;

/**
 * What one read of a discovery cache file gave: the verified records (deduplicated, newest per
 * fingerprint and identity), the records skipped with their reasons, and when the file was
 * last modified.
 *
 * @param records the verified records
 * @param rejected the records skipped, with their reasons
 * @param modified when the file was last modified
 */
public record CacheContents(List<AnnouncementRecord> records, List<Rejection> rejected, Instant modified) {
    /**
     * Copies the lists into unmodifiable ones.
     *
     * @param records the verified records
     * @param rejected the records skipped, with their reasons
     * @param modified when the file was last modified
     */
    public CacheContents {
        records = List.copyOf(records);
        rejected = List.copyOf(rejected);
    }

    /**
     * Whether the file is older than {@code maxAgeSeconds} at {@code now} (SCAMP.md §7.3).
     *
     * @param now the time to judge at
     * @param maxAgeSeconds the age past which the file is stale ({@code discovery.cache_max_age})
     * @return whether {@code modified + maxAgeSeconds} is before {@code now}
     */
    public boolean isStale(Instant now, long maxAgeSeconds) {
        return modified.plusSeconds(maxAgeSeconds).isBefore(now);
    }
}
