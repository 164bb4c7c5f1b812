package io.scamp.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a discovery cache file: splits it into records, parses and verifies each, skips a bad
 * one with its reason while keeping the rest, and deduplicates (identical records once; for
 * the same fingerprint and identity the newest timestamp wins).
 */
public final class CacheFileReader {
    private CacheFileReader() {
    }

    /**
     * Reads, splits, parses and verifies {@code file}. Bytes that are not valid UTF-8 are replaced,
     * so they fail only the records they are in.
     *
     * @param file the cache file
     * @return the good records, the rejections and the file's modification time
     * @throws IOException when the file cannot be read at all
     */
    public static CacheContents read(Path file) throws IOException {
        var modified = Files.getLastModifiedTime(file).toInstant();
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        RecordSet set = parse(CacheFileFormat.split(text));
        return new CacheContents(set.records, set.rejected, modified);
    }

    /**
     * Parses and verifies record texts, keeping the good ones and the reasons for the rest.
     *
     * @param texts the record texts, as {@link CacheFileFormat#split(String)} gives them
     * @return the verified records (identical texts once; the newest per fingerprint and
     *     identity) and the rejections
     */
    public static RecordSet parse(List<String> texts) {
        Set<String> seen = new LinkedHashSet<>();
        Map<String, AnnouncementRecord> newest = new LinkedHashMap<>();
        List<Rejection> rejected = new ArrayList<>();
        for (String text : texts) {
            if (!seen.add(text)) {
                continue;
            }
            try {
                AnnouncementRecord record = AnnouncementParser.parse(text).verify();
                newest.merge(record.fingerprint() + " " + record.ident(), record,
                        (old, candidate) -> candidate.timestamp() >= old.timestamp() ? candidate : old);
            } catch (InvalidRecordException e) {
                rejected.add(new Rejection(e.ident(), e.getMessage(), e.kind()));
            }
        }
        return new RecordSet(List.copyOf(newest.values()), List.copyOf(rejected));
    }

    /**
     * Verified records and rejections.
     *
     * @param records the verified records
     * @param rejected the records skipped, with their reasons
     */
    public record RecordSet(List<AnnouncementRecord> records, List<Rejection> rejected) {
    }
}
