package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.scamp.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link AnnouncementParser} and {@link AnnouncementRecord#verify()} with arbitrary
 * text. The contract: a record or an {@link InvalidRecordException}, nothing else; a parsed
 * record's accessors and its actions' keys never fail; what a record costs in memory is
 * bounded by its text (the v4 run lengths included).
 */
class AnnouncementParserFuzzTest {
    /** Every real record of the interop fixtures, each one seed. */
    static Stream<Arguments> interopRecords() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(Fuzzing.fixture("js-announce.txt"));
        seeds.add(Fuzzing.fixture("rs-service_info_packet_v3_full.txt"));
        for (String cache : List.of("go-sample_discovery_cache", "rs-discovery_cache_file")) {
            for (String record : CacheFileFormat.split(new String(Fuzzing.fixture(cache), StandardCharsets.UTF_8))) {
                seeds.add(record.getBytes(StandardCharsets.UTF_8));
            }
        }
        return Fuzzing.seeds(seeds);
    }

    @MethodSource("interopRecords")
    @FuzzTest
    @Timeout(10)
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Object parsed = Fuzzing.allocatingAtMost(limit(input.length), "parsing a " + input.length + "-byte record", () -> {
            try {
                AnnouncementRecord record = AnnouncementParser.parse(text);
                touch(record);
                return record;
            } catch (InvalidRecordException e) {
                return e;
            }
        });
        if (parsed instanceof AnnouncementRecord record) {
            try {
                assertThat(record.verify()).isSameAs(record);
            } catch (InvalidRecordException e) {
                assertThat(e.ident()).isEqualTo(record.ident());
            }
        }
    }

    /** What parsing and using a record of {@code length} bytes may allocate. */
    static long limit(int length) {
        return 16L * 1024 * 1024 + 1024L * length;
    }

    /** Everything a directory asks of a record and its actions. */
    static void touch(AnnouncementRecord record) {
        assertThat(record.ident()).isNotNull();
        assertThat(record.fingerprint()).hasSize(59);
        assertThat(record.address()).matches("(beepish|scamp)\\+tls://.*");
        assertThat(record.toString()).isNotNull();
        for (ActionEntry action : record.actions()) {
            assertThat(action.key()).isNotNull();
            assertThat(action.aliasKeys()).hasSizeLessThanOrEqualTo(action.flags().size());
            action.timeoutSeconds().ifPresent(t -> assertThat(t).isNotNegative());
            assertThat(action.namespace()).isNotNull();
        }
    }
}
