package io.scamp.discovery;

import java.util.List;

/**
 * What one discovery source knows at a moment: verified records, rejections, and whether it is stale.
 *
 * @param records the verified records
 * @param rejected the records skipped, with their reasons
 * @param stale whether the source's knowledge may be out of date (an old or unreadable cache
 *     file)
 */
public record SourceState(List<AnnouncementRecord> records, List<Rejection> rejected, boolean stale) {
    /**
     * Copies the lists into unmodifiable ones.
     *
     * @param records the verified records
     * @param rejected the records skipped, with their reasons
     * @param stale whether the source's knowledge may be out of date
     */
    public SourceState {
        records = List.copyOf(records);
        rejected = List.copyOf(rejected);
    }

    /**
     * Knows nothing: no records, no rejections, not stale.
     *
     * @return the empty state
     */
    public static SourceState empty() {
        return new SourceState(List.of(), List.of(), false);
    }
}
