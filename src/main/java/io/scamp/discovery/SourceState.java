package io.scamp.discovery;

import java.util.List;

/** What one discovery source knows at a moment: verified records, rejections, and whether it is stale. */
public record SourceState(List<AnnouncementRecord> records, List<Rejection> rejected, boolean stale) {
    public SourceState {
        records = List.copyOf(records);
        rejected = List.copyOf(rejected);
    }

    public static SourceState empty() {
        return new SourceState(List.of(), List.of(), false);
    }
}
