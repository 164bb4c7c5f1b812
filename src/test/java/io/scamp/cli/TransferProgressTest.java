package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line's figures and text, on a clock the test moves. */
class TransferProgressTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void sizesUseBinaryUnitsWithOneDecimalPastBytes() {
        assertThat(TransferProgress.size(0)).isEqualTo("0 B");
        assertThat(TransferProgress.size(1023)).isEqualTo("1023 B");
        assertThat(TransferProgress.size(1024)).isEqualTo("1.0 KiB");
        assertThat(TransferProgress.size(1536)).isEqualTo("1.5 KiB");
        assertThat(TransferProgress.size(3L << 20)).isEqualTo("3.0 MiB");
        assertThat(TransferProgress.size(1L << 30)).isEqualTo("1.0 GiB");
        assertThat(TransferProgress.size(5L << 40)).isEqualTo("5.0 TiB");
        assertThat(TransferProgress.size(Long.MAX_VALUE)).isEqualTo("8192.0 PiB");
    }

    @Test
    void ratesAreBytesPerSecondAndUnknownBeforeTimePasses() {
        assertThat(TransferProgress.rate(10L << 20, TimeUnit.SECONDS.toNanos(2))).isEqualTo("5.0 MiB/s");
        assertThat(TransferProgress.rate(512, TimeUnit.MILLISECONDS.toNanos(500))).isEqualTo("1.0 KiB/s");
        assertThat(TransferProgress.rate(100, 0)).isEqualTo("- B/s");
    }

    @Test
    void durationsGrowFromTenthsToHours() {
        assertThat(TransferProgress.duration(0)).isEqualTo("0.0 s");
        assertThat(TransferProgress.duration(TimeUnit.MILLISECONDS.toNanos(4_250))).isEqualTo("4.3 s");
        assertThat(TransferProgress.duration(TimeUnit.SECONDS.toNanos(42))).isEqualTo("42 s");
        assertThat(TransferProgress.duration(TimeUnit.SECONDS.toNanos(242))).isEqualTo("4:02");
        assertThat(TransferProgress.duration(TimeUnit.SECONDS.toNanos(3842))).isEqualTo("1:04:02");
    }

    @Test
    void percentIsWholeAndReachesAHundredOnlyWhenAllIsDone() {
        assertThat(TransferProgress.percent(0, 1000)).isZero();
        assertThat(TransferProgress.percent(999, 1000)).isEqualTo(99);
        assertThat(TransferProgress.percent(1000, 1000)).isEqualTo(100);
        assertThat(TransferProgress.percent(0, 0)).as("an empty body is all done").isEqualTo(100);
        assertThat(TransferProgress.percent(Long.MAX_VALUE - 1, Long.MAX_VALUE)).isEqualTo(99);
    }

    @Test
    void aKnownSizeGivesPercentageAndEtaFromTheAverageRate() {
        TransferProgress progress = new TransferProgress(now::get, 4L << 20);
        advance(2_000);
        progress.up(1L << 20);
        progress.down(512 * 1024);

        assertThat(progress.line()).isEqualTo("up 1.0 MiB/4.0 MiB 25% 512.0 KiB/s ETA 6.0 s | down 512.0 KiB 256.0 KiB/s | 2.0 s");
    }

    @Test
    void anUnknownSizeGivesNeitherPercentageNorEta() {
        TransferProgress progress = new TransferProgress(now::get, -1);
        advance(65_000);
        progress.up(65L << 20);

        assertThat(progress.line()).isEqualTo("up 65.0 MiB 1.0 MiB/s | down 0 B 0 B/s | 1:05");
    }

    @Test
    void noEtaBeforeTheFirstByteNorAfterTheLast() {
        TransferProgress progress = new TransferProgress(now::get, 1000);
        advance(100);
        assertThat(progress.line()).startsWith("up 0 B/1000 B 0% 0 B/s |");

        progress.up(1000);
        assertThat(progress.line()).startsWith("up 1000 B/1000 B 100% 9.8 KiB/s |").doesNotContain("ETA");
    }

    @Test
    void aRestartedUploadCountsFromZero() {
        TransferProgress progress = new TransferProgress(now::get, 2048);
        progress.up(1024);
        progress.restartUpload();
        progress.up(512);
        advance(1_000);

        assertThat(progress.line()).startsWith("up 512 B/2.0 KiB 25% ");
    }

    @Test
    void theTotalsGiveExactBytesEachWay() {
        TransferProgress progress = new TransferProgress(now::get, -1);
        advance(1_500);
        progress.up(3_145_745);
        progress.down(3_145_745);

        assertThat(progress.totals()).isEqualTo(
                "total: up 3.0 MiB (3145745 bytes), down 3.0 MiB (3145745 bytes) in 1.5 s, 2.0 MiB/s up, 2.0 MiB/s down");
    }
}
