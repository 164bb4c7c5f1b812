package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SCAMP_LOG's values as slf4j-simple levels. */
class CliLoggingTest {
    @ParameterizedTest(name = "SCAMP_LOG=\"{0}\" -> {1}")
    @CsvSource(nullValues = "NONE", value = {
        // unset or blank: warnings and up
        "NONE, warn", "' ', warn",
        // SLF4J's names, in any case
        "debug, debug", "TRACE, trace", "' Info ', info", "warn, warn", "error, error", "off, off",
        // java.util.logging's, as before
        "FINE, debug", "finer, trace", "FINEST, trace", "ALL, trace", "CONFIG, info", "INFO, info",
        "WARNING, warn", "SEVERE, error", "OFF, off",
        // anything else is not a level
        "loud, NONE", "800, NONE", "'warn,debug', NONE"})
    void levelOf(String requested, String level) {
        assertThat(CliLogging.level(requested)).isEqualTo(level);
    }
}
