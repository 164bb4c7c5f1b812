package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** When the meter draws, and what it leaves on the line, on virtual time. */
class ProgressMeterTest {
    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final TransferProgress progress = new TransferProgress(() -> TimeUnit.MILLISECONDS.toNanos(time.now(TimeUnit.MILLISECONDS)), 1L << 20);

    @AfterEach
    void stop() {
        time.dispose();
    }

    private String drawn() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static long lines(String text) {
        return text.chars().filter(c -> c == '\r').count();
    }

    @Test
    void nothingIsDrawnUntilBytesMoveThenAtOnceAndAFewTimesASecond() {
        ProgressMeter meter = ProgressMeter.start(progress, out, time);
        time.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(drawn()).as("while connecting").isEmpty();

        progress.up(1024);
        meter.moved();
        assertThat(drawn()).isEqualTo("\r" + progress.line());

        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(lines(drawn())).as("the first line and one every %s for a second", ProgressMeter.INTERVAL)
                .isEqualTo(1 + Duration.ofSeconds(1).dividedBy(ProgressMeter.INTERVAL));
        assertThat(drawn()).doesNotContain("\n");
        meter.finish();
    }

    @Test
    void steppingAsideErasesTheLineStopsRedrawingAndTheTotalsComeOnALineOfTheirOwn() {
        ProgressMeter meter = ProgressMeter.start(progress, out, time);
        progress.up(1024);
        meter.moved();
        String line = progress.line();

        meter.stepAside();
        assertThat(drawn()).isEqualTo("\r" + line + "\r" + " ".repeat(line.length()) + "\r");
        out.print("reply"); // what the command writes to the same terminal
        time.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(drawn()).as("no redraw over the reply").endsWith("\rreply");

        meter.finish();
        assertThat(drawn()).endsWith("reply\n\r" + progress.totals() + "\n");
    }

    @Test
    void aShorterLineCoversTheLongerOneBeforeIt() {
        TransferProgress unknown = new TransferProgress(() -> TimeUnit.MILLISECONDS.toNanos(time.now(TimeUnit.MILLISECONDS)), -1);
        ProgressMeter meter = ProgressMeter.start(unknown, out, time);
        unknown.up(123_456_789);
        time.advanceTimeBy(Duration.ofSeconds(12));
        meter.moved();
        String first = unknown.line();
        unknown.restartUpload();
        time.advanceTimeBy(ProgressMeter.INTERVAL);
        String second = unknown.line();
        assertThat(second.length()).isLessThan(first.length());

        assertThat(drawn()).isEqualTo("\r" + first + "\r" + second + " ".repeat(first.length() - second.length()));
        meter.finish();
    }

    @Test
    void finishingWritesTheTotalsOnceOnALineOfTheirOwnAndStopsTheTimer() {
        ProgressMeter meter = ProgressMeter.start(progress, out, time);
        progress.up(1L << 20);
        meter.moved();
        time.advanceTimeBy(Duration.ofSeconds(1));

        String totals = progress.totals();
        meter.finish();
        String afterFinish = drawn();
        meter.finish();
        progress.down(1);
        meter.moved();
        time.advanceTimeBy(Duration.ofSeconds(5));

        assertThat(afterFinish).endsWith("\r" + totals + "\n");
        assertThat(drawn()).as("nothing after the totals").isEqualTo(afterFinish);
    }

    @Test
    void aTransferThatNeverMovedStillEndsWithItsTotals() {
        ProgressMeter meter = ProgressMeter.start(progress, out, time);
        time.advanceTimeBy(Duration.ofSeconds(2));
        meter.close();

        assertThat(drawn()).isEqualTo("\r" + progress.totals() + "\n");
    }
}
