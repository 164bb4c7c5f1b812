package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.Reply;
import io.scamp.testing.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * {@code scamp request}'s progress line: on a real pseudo-terminal through {@code bin/scamp}
 * (its {@code [ -t 2 ]}), not with output redirected, never on stdout, silenced by
 * {@code --quiet} and forced by {@code --progress}; and the same decisions in this JVM.
 */
class RequestProgressIT {
    private static final int SIZE = 1024 * 1024 + 17;
    /** A redrawn line: carriage return, then {@code up N/TOTAL P%}. */
    private static final Pattern PROGRESS_LINE = Pattern.compile("\r(up [0-9.]+ [KMG]?i?B/1\\.0 MiB \\d+%[^\r\n]*)");
    private static final String TOTALS = "total: up 1.0 MiB (" + SIZE + " bytes), down 1.0 MiB (" + SIZE + " bytes) in ";
    private static final String UPLOAD_TOTALS = "total: up 1.0 MiB (" + SIZE + " bytes), down 0 B (0 bytes) in ";

    @TempDir
    static Path dir;

    private static TestService service;
    private static byte[] data;
    private static Path body;

    @BeforeAll
    static void start() throws Exception {
        // Test.drop replies with an empty body: in this JVM a reply body would go to the real stdout (FileDescriptor.out).
        service = TestService.start(b -> b.action("Test.drop", 1, req -> req.body().then(Mono.just(Reply.empty()))));
        data = new byte[SIZE];
        new Random(12).nextBytes(data);
        body = Files.write(dir.resolve("body.bin"), data);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static List<String> echo(String... more) {
        return request("Test.echo", more);
    }

    /** Uploads the body, replies with nothing. */
    private static String[] drop(String... more) {
        return request("Test.drop", more).toArray(String[]::new);
    }

    private static List<String> request(String action, String... more) {
        List<String> args = new ArrayList<>(List.of("request", action, "--address", service.endpoint().address(),
                "--fingerprint", service.endpoint().fingerprint(), "--data-file", body.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static List<String> progressLines(String shown) {
        return PROGRESS_LINE.matcher(shown).results().map(m -> m.group(1)).toList();
    }

    @Test
    void onATerminalTheLineIsRedrawnAndEndsWithTheTotalsWhileStdoutCarriesOnlyTheReply() throws Exception {
        Path out = dir.resolve("terminal.out");

        BinScamp.Result r = BinScamp.onTerminal(dir.resolve("state"), echo(), "> '" + out + "'");

        assertThat(r.exit()).as(r.shown()).isZero();
        assertThat(progressLines(r.shown())).as("progress lines on the terminal: %s", r.shown()).isNotEmpty();
        assertThat(r.shown()).contains("\r" + TOTALS).contains(" | down ");
        assertThat(r.shown().indexOf(TOTALS)).as("the totals come last").isGreaterThan(r.shown().lastIndexOf("\rup "));
        assertThat(Files.readAllBytes(out)).as("stdout: the reply, byte for byte, and nothing else").isEqualTo(data);
    }

    @Test
    void quietShowsNoLineOnATerminal() throws Exception {
        Path out = dir.resolve("quiet.out");

        BinScamp.Result r = BinScamp.onTerminal(dir.resolve("state"), echo("--quiet"), "> '" + out + "'");

        assertThat(r.exit()).isZero();
        assertThat(r.shown()).isEmpty();
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
    }

    @Test
    void whenTheReplyGoesToTheTerminalTooTheLineStepsAsideAndTheTotalsFollowTheReply() {
        BinScamp.Result r = BinScamp.onTerminal(dir.resolve("state"), List.of("request", "Test.echo", "--address",
                service.endpoint().address(), "--fingerprint", service.endpoint().fingerprint(), "--data", "hello"), "");

        assertThat(r.exit()).isZero();
        String shown = r.shown();
        assertThat(shown).containsPattern("hello\\r*\\n\\r*total: up 5 B \\(5 bytes\\), down 5 B \\(5 bytes\\) in ");
        assertThat(shown.substring(shown.indexOf("hello"))).as("no progress line drawn over or after the reply").doesNotContain("\rup ");
    }

    @Test
    void noLineWithOutputRedirectedUnlessForced() {
        BinScamp.Result plain = BinScamp.run(dir.resolve("state"), Map.of(), echo());
        BinScamp.Result forced = BinScamp.run(dir.resolve("state"), Map.of(), echo("--progress"));

        assertThat(plain.exit()).isZero();
        assertThat(plain.stdout()).isEqualTo(data);
        assertThat(plain.stderr()).isEmpty();
        assertThat(forced.exit()).isZero();
        assertThat(forced.stdout()).isEqualTo(data);
        assertThat(progressLines(forced.stderr())).isNotEmpty();
        assertThat(forced.stderr()).contains("\r" + TOTALS).endsWith("\n");
    }

    @Test
    void inThisJvmTheSameDecisions() {
        Terminals stderrOnly = new Terminals(false, true);

        InProcess.Result shown = InProcess.run(stderrOnly, new byte[0], drop());
        InProcess.Result bothTerminals = InProcess.run(new Terminals(true, true), new byte[0], drop());
        InProcess.Result quiet = InProcess.run(stderrOnly, new byte[0], drop("-q"));
        InProcess.Result forced = InProcess.run(Terminals.NONE, new byte[0], drop("--progress"));

        assertThat(shown.exit()).isZero();
        assertThat(shown.stdout()).isEmpty();
        assertThat(progressLines(shown.stderr())).isNotEmpty();
        assertThat(shown.stderr()).contains("\r" + UPLOAD_TOTALS).endsWith("\n");
        assertThat(bothTerminals.stderr()).as("the upload's progress: an empty reply never makes the line step aside")
                .contains("\r" + UPLOAD_TOTALS);
        assertThat(quiet.stderr()).isEmpty();
        assertThat(progressLines(forced.stderr())).isNotEmpty();
    }

    @Test
    void progressAndQuietTogetherAreBadUsage() {
        InProcess.Result r = InProcess.run(Terminals.NONE, new byte[0], drop("--progress", "--quiet"));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("--progress", "--quiet");
    }

    @Test
    void anErrorStillPrintsUnderQuietAndAfterTheTotalsOtherwise() {
        List<String> failing = List.of("request", "Test.fail", "--address", service.endpoint().address(),
                "--fingerprint", service.endpoint().fingerprint(), "--data", "x");

        InProcess.Result quiet = InProcess.run(new Terminals(false, true), new byte[0], with(failing, "--quiet"));
        InProcess.Result shown = InProcess.run(new Terminals(false, true), new byte[0], failing.toArray(String[]::new));

        assertThat(quiet.exit()).isEqualTo(3);
        assertThat(quiet.stderr()).isEqualTo("test_failure: failed on purpose\n");
        assertThat(shown.exit()).isEqualTo(3);
        assertThat(shown.stderr()).contains("\rtotal: up ").endsWith(" down\ntest_failure: failed on purpose\n");
    }

    private static String[] with(List<String> args, String more) {
        List<String> all = new ArrayList<>(args);
        all.add(more);
        return all.toArray(String[]::new);
    }
}
