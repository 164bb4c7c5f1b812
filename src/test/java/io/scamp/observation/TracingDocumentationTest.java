package io.scamp.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.docs.KeyName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/observability.md's "Tracing" names the observations and lists exactly the keys the conventions give. */
class TracingDocumentationTest {
    /** From {@code heading} to the next heading of its level or higher. */
    private static String section(String text, String heading) {
        int start = text.indexOf(heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int level = heading.indexOf(' ');
        Matcher next = Pattern.compile("(?m)^#{1," + level + "} ").matcher(text);
        return next.find(start + heading.length()) ? text.substring(start, next.start()) : text.substring(start);
    }

    @Test
    void theDocumentedNamesAndKeysAreTheConventions() throws IOException {
        String tracing = section(Files.readString(Path.of("docs", "observability.md")), "## Tracing");

        assertThat(section(tracing, "### What is observed"))
                .contains("| `" + DefaultScampClientObservationConvention.NAME + "` |")
                .contains("| `" + DefaultScampServerObservationConvention.NAME + "` |");

        String keyValues = section(tracing, "### Key values");
        Matcher rows = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(keyValues);
        java.util.Set<String> documented = new java.util.TreeSet<>();
        while (rows.find()) {
            documented.add(rows.group(1));
        }
        assertThat(documented).isEqualTo(keys(ScampObservationDocumentation.SERVER_REQUEST.getLowCardinalityKeyNames()))
                .isEqualTo(keys(ScampObservationDocumentation.CLIENT_REQUEST.getLowCardinalityKeyNames()));
        for (String high : keys(ScampObservationDocumentation.CLIENT_REQUEST.getHighCardinalityKeyNames())) {
            assertThat(keyValues).contains("High-cardinality (span tags only): `" + high + "`");
        }
        assertThat(ScampObservationDocumentation.SERVER_REQUEST.getHighCardinalityKeyNames()).isEmpty();
    }

    private static java.util.Set<String> keys(KeyName[] names) {
        return Arrays.stream(names).map(KeyName::asString).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
