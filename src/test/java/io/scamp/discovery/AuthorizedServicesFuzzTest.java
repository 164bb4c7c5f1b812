package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.scamp.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link AuthorizedServices#parse(String)} with arbitrary text. The contract: parsing
 * never fails; the rules then answer every question without failing, {@code _meta.} actions are
 * always allowed and nothing with a {@code :} in its sector or action ever is, case does not
 * matter, and every pattern written on a line allows what it names.
 */
class AuthorizedServicesFuzzTest {
    @FuzzTest
    @Timeout(10)
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        AuthorizedServices rules = Fuzzing.allocatingAtMost(8L * 1024 * 1024 + 256L * input.length,
                "parsing " + input.length + " bytes of rules", () -> AuthorizedServices.parse(text));
        assertThat(rules).isEqualTo(AuthorizedServices.parse(text)).hasSameHashCodeAs(AuthorizedServices.parse(text));
        assertThat(rules.toString()).isNotNull();

        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String fingerprint = parts[0];
            assertThat(rules.knows(fingerprint)).as("knows %s", fingerprint).isTrue();
            if (ascii(fingerprint)) { // outside ASCII, changing case there and back need not give the same text
                assertThat(rules.knows(fingerprint.toLowerCase(Locale.ROOT))).isTrue();
            }
            assertThat(rules.isAuthorized(fingerprint, "main", "_meta.documentation")).isTrue();
            assertThat(rules.isAuthorized(fingerprint, "ma:in", "_meta.documentation")).isFalse();
            if (parts.length < 2) {
                continue;
            }
            for (String p : parts[1].split(",")) {
                String pattern = p.trim();
                if (pattern.isEmpty()) {
                    continue;
                }
                int colon = pattern.indexOf(':');
                String sector = colon < 0 ? "main" : pattern.substring(0, colon);
                String action = colon < 0 ? pattern : pattern.substring(colon + 1);
                boolean plain = sector.indexOf(':') < 0 && action.indexOf(':') < 0;
                if (plain && !action.equalsIgnoreCase("all")) {
                    assertThat(rules.isAuthorized(fingerprint, sector, action)).as("%s allows %s:%s", pattern, sector, action).isTrue();
                    assertThat(rules.isAuthorized(fingerprint, sector, action + ".x")).as("%s allows what is under it", pattern).isTrue();
                    if (ascii(line)) {
                        assertThat(rules.isAuthorized(fingerprint.toLowerCase(Locale.ROOT), sector.toUpperCase(Locale.ROOT),
                                action.toUpperCase(Locale.ROOT))).as("%s allows it in any case", pattern).isTrue();
                    }
                }
                if (plain && action.equalsIgnoreCase("all")) {
                    assertThat(rules.isAuthorized(fingerprint, sector, "Any.thing")).as("%s allows the sector", pattern).isTrue();
                }
                assertThat(rules.isAuthorized(fingerprint, sector + ":x", action)).isFalse();
                assertThat(rules.isAuthorized(fingerprint, sector, action + ":x")).isFalse();
            }
        }
        for (String probe : List.of("", "main", "_meta.x", "A.b")) {
            rules.isAuthorized(probe, probe, probe);
            rules.knows(probe);
        }
    }

    private static boolean ascii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }
}
