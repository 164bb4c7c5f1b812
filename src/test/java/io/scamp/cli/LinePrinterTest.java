package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The printer's bound: a stdout that is not read fills its queue, then lines are dropped and counted. */
class LinePrinterTest {
    /** Blocks its first write until released, then collects what is written, line by line. */
    private static final class HeldOutput extends OutputStream {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(int b) {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (b == '\n') {
                lines.add(line.toString());
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }

    @Test
    void pastItsCapacityLinesAreDroppedAndTheNextLinePrintedSaysHowMany() throws Exception {
        HeldOutput held = new HeldOutput();
        LinePrinter printer = new LinePrinter(new PrintStream(held, false, StandardCharsets.US_ASCII), 4, "dropped", "test-printer");

        printer.offer("first");
        assertThat(held.writing.await(30, TimeUnit.SECONDS)).as("the printer is blocked writing the first line").isTrue();
        for (int i = 0; i < 4 + 3; i++) {
            printer.offer("line " + i); // the caller never blocks: 4 wait, 3 are dropped
        }
        held.release.countDown();

        assertThat(held.lines.poll(30, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(held.lines.poll(30, TimeUnit.SECONDS)).isEqualTo("{\"event\":\"dropped\",\"count\":3}");
        for (int i = 0; i < 4; i++) {
            assertThat(held.lines.poll(30, TimeUnit.SECONDS)).isEqualTo("line " + i);
        }
    }
}
