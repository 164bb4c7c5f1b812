package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's log through {@code bin/scamp}: slf4j-simple on stderr at {@code SCAMP_LOG}'s
 * level (warnings and up by default), the library's lines naming the connection, Netty's and
 * Reactor's lines there too, and stdout left to the reply.
 */
class CliLoggingIT {
    /** A log line as slf4j-simple writes it here: time, level, logger, message. */
    private static final Pattern LINE = Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) \\S+ - ");

    @TempDir
    static Path dir;

    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static BinScamp.Result echo(Map<String, String> env) {
        return BinScamp.run(dir.resolve("state"), env, List.of("request", "Test.echo", "--address", service.endpoint().address(),
                "--fingerprint", service.endpoint().fingerprint(), "--data", "hello"));
    }

    private static List<String> levels(String stderr) {
        return LINE.matcher(stderr).results().map(m -> m.group(1)).distinct().toList();
    }

    @Test
    void debugShowsTheLibrarysAndNettysLinesOnStderrAndNothingOnStdout() {
        BinScamp.Result r = echo(Map.of("SCAMP_LOG", "debug"));

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("hello");
        String port = service.endpoint().address().replaceAll(".*:", "");
        assertThat(r.stderr()).contains(" DEBUG io.scamp.connection.ScampConnection - [service 127.0.0.1:" + port + " "
                + service.endpoint().fingerprint().substring(0, 11) + "] connection ready");
        assertThat(r.stderr()).contains(" DEBUG io.netty.");
        assertThat(r.stderr()).as("SLF4J's own reports").doesNotContain("SLF4J(");
    }

    @Test
    void javaUtilLoggingNamesStillWork() {
        BinScamp.Result r = echo(Map.of("SCAMP_LOG", "FINE"));

        assertThat(r.exit()).isZero();
        assertThat(levels(r.stderr())).contains("DEBUG").doesNotContain("TRACE");
    }

    @Test
    void theDefaultShowsNoDebugOrInfoLines() {
        BinScamp.Result r = echo(Map.of());

        assertThat(r.exit()).isZero();
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void anUnknownLevelIsSaidOnceAndTheDefaultIsUsed() {
        BinScamp.Result r = echo(Map.of("SCAMP_LOG", "loud"));

        assertThat(r.exit()).isZero();
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(r.stderr()).contains(" WARN io.scamp.cli.ScampCommand - SCAMP_LOG=loud is not a level");
        assertThat(levels(r.stderr())).containsExactly("WARN");
        assertThat(r.stderr().lines()).hasSize(1);
    }
}
