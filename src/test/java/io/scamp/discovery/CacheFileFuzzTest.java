package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.scamp.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the cache file reader ({@link CacheFileFormat#split}, then
 * {@link CacheFileReader#parse}, which is {@link CacheFileReader#read} after the file is read
 * and decoded) with arbitrary bytes. The contract: it never throws; every record that does not
 * parse and verify is skipped and reported with its own reason, in order, and the others kept;
 * writing the records back ({@link CacheFileFormat#join}, as {@link CacheFileWriter#update}
 * does) and reading them again keeps every good record.
 */
class CacheFileFuzzTest {
    static Stream<Arguments> interopCaches() {
        return Fuzzing.seeds(List.of(Fuzzing.fixture("go-sample_discovery_cache"), Fuzzing.fixture("rs-discovery_cache_file")));
    }

    @MethodSource("interopCaches")
    @FuzzTest
    @Timeout(20)
    void read(byte[] input) {
        String file = new String(input, StandardCharsets.UTF_8); // as read() decodes it: bad bytes replaced
        List<String> texts = CacheFileFormat.split(file);
        CacheFileReader.RecordSet set = Fuzzing.allocatingAtMost(16L * 1024 * 1024 + 1024L * input.length,
                "reading a " + input.length + "-byte cache file", () -> CacheFileReader.parse(texts));

        List<Rejection> expected = new ArrayList<>();
        int good = 0;
        for (String text : new LinkedHashSet<>(texts)) {
            assertThat(text).endsWith("\n").isEqualTo(text.strip() + "\n");
            try {
                AnnouncementParser.parse(text).verify();
                good++;
            } catch (InvalidRecordException e) {
                expected.add(new Rejection(e.ident(), e.getMessage(), e.kind()));
            }
        }
        assertThat(set.rejected()).as("the records skipped, each with its reason").isEqualTo(expected);
        assertThat(set.records().size()).as("records kept (one per fingerprint and identity)").isBetween(good == 0 ? 0 : 1, good);
        for (AnnouncementRecord record : set.records()) {
            AnnouncementParserFuzzTest.touch(record);
        }
        // Written back and read again, every record kept is still there. (The texts themselves
        // need not stay the same: a line ending in CR CR LF loses a CR each time.)
        List<String> again = CacheFileFormat.split(CacheFileFormat.join(texts));
        assertThat(again).hasSameSizeAs(texts);
        assertThat(CacheFileReader.parse(again).records()).as("the records written back and read again").containsAll(set.records());
    }
}
