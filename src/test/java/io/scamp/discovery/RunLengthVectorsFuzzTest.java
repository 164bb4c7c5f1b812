package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scamp.message.ScampJson;
import io.scamp.testing.Fuzzing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the v4 extension of a record: {@link RunLengthVectors#expand} and
 * {@link V4Actions#parse} on arbitrary JSON (their contract is {@link IllegalArgumentException},
 * which the parser turns into the record's reason), and the same JSON as the extension object
 * of a real record, where only {@link InvalidRecordException} may come out. A vector never
 * expands past {@link RunLengthVectors#MAX_LENGTH}, and the memory it costs is bounded by its
 * text.
 */
class RunLengthVectorsFuzzTest {
    private static final ObjectMapper JSON = ScampJson.mapper();
    /** The scamp-js record, whose envelopes end in an empty v4 object: the fuzzed one takes its place. */
    private static final String RECORD = new String(Fuzzing.fixture("js-announce.txt"), StandardCharsets.UTF_8);
    private static final String EMPTY_EXTENSION = "[\"json\",{}]";

    /** The v4 extension objects of the interop records. */
    static Stream<Arguments> interopExtensions() {
        List<byte[]> seeds = new ArrayList<>();
        List<String> records = new ArrayList<>(CacheFileFormat.split(new String(Fuzzing.fixture("rs-discovery_cache_file"),
                StandardCharsets.UTF_8)));
        records.add(new String(Fuzzing.fixture("rs-service_info_packet_v3_full.txt"), StandardCharsets.UTF_8));
        for (String record : records) {
            try {
                JsonNode envelopes = JSON.readTree(record.lines().findFirst().orElseThrow()).get(6);
                JsonNode last = envelopes.get(envelopes.size() - 1);
                if (last.isObject()) {
                    seeds.add(JSON.writeValueAsBytes(last));
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return Fuzzing.seeds(seeds);
    }

    @MethodSource("interopExtensions")
    @FuzzTest
    @Timeout(10)
    void expand(byte[] input) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(input);
        } catch (IOException e) {
            return; // not JSON: the parser refuses the JSON line before the vectors are looked at
        }
        if (json == null || json.isMissingNode()) {
            return;
        }
        long limit = AnnouncementParserFuzzTest.limit(input.length);
        if (json.isObject()) {
            Fuzzing.allocatingAtMost(limit, "the v4 actions of " + input.length + " bytes", () -> v4(json, input.length));
            json.properties().forEach(field -> Fuzzing.allocatingAtMost(limit, "expanding " + field.getKey(),
                    () -> vector(field.getValue(), field.getKey())));
        } else {
            Fuzzing.allocatingAtMost(limit, "expanding " + input.length + " bytes", () -> vector(json, "vector"));
        }

        String record = RECORD.replace(EMPTY_EXTENSION, "[\"json\"," + JSON.writeValueAsString(json) + "]");
        Fuzzing.allocatingAtMost(limit + 2L * RECORD.length(), "a record with a " + input.length + "-byte extension", () -> {
            try {
                AnnouncementRecord parsed = AnnouncementParser.parse(record);
                AnnouncementParserFuzzTest.touch(parsed);
                assertThat(parsed.actions().size()).isLessThanOrEqualTo(5 + RunLengthVectors.MAX_LENGTH);
                return parsed;
            } catch (InvalidRecordException e) {
                return e;
            }
        });
    }

    /** V4Actions on {@code ext}, budgeted as in a record of {@code length} characters: the actions, or the refusal. */
    private static Object v4(JsonNode ext, int length) {
        try {
            List<ActionEntry> actions = V4Actions.parse(ext, new ActionBudget(length));
            assertThat(actions.size()).isLessThanOrEqualTo(RunLengthVectors.MAX_LENGTH);
            for (ActionEntry a : actions) {
                assertThat(a.key()).isNotNull();
            }
            return actions;
        } catch (IllegalArgumentException e) {
            return e;
        }
    }

    /** Expands {@code vector} freely, then to the length it had: the same entries both times. */
    private static Object vector(JsonNode vector, String name) {
        List<JsonNode> free;
        try {
            free = RunLengthVectors.expand(vector, name, -1);
        } catch (IllegalArgumentException e) {
            return e;
        }
        assertThat(free.size()).isLessThanOrEqualTo(RunLengthVectors.MAX_LENGTH);
        assertThat(RunLengthVectors.expand(vector, name, free.size())).isEqualTo(free);
        if (!free.isEmpty()) {
            try {
                RunLengthVectors.expand(vector, name, free.size() - 1);
                throw new AssertionError(name + " expanded to " + (free.size() - 1) + " entries and to " + free.size());
            } catch (IllegalArgumentException expected) {
                // one entry short: refused
            }
        }
        return Map.of(name, free.size());
    }
}
