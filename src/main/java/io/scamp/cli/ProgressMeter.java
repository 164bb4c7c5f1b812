package io.scamp.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Draws a {@link TransferProgress} on stderr: as soon as the first bytes move (so what is
 * logged while connecting comes first), then every {@link #INTERVAL}, each time over the
 * previous line (a carriage return, and spaces where the previous line was longer), and at
 * {@link #finish()} the totals on a line of their own. One timer per request; a line is about
 * 100 characters.
 */
final class ProgressMeter implements AutoCloseable {
    /** How often the line is redrawn: a few times a second. */
    static final Duration INTERVAL = Duration.ofMillis(250);

    private final TransferProgress progress;
    private final PrintStream out;
    private final Disposable timer;
    private int drawn;
    private boolean finished;
    /** Whether the line was erased for output to the same terminal ({@link #stepAside()}); read without the lock per reply chunk. */
    private volatile boolean aside;
    /** Whether bytes have moved: until then the timer draws nothing. */
    private volatile boolean moving;

    private ProgressMeter(TransferProgress progress, PrintStream out, Scheduler scheduler) {
        this.progress = progress;
        this.out = out;
        this.timer = scheduler.schedulePeriodically(this::redraw, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts drawing {@code progress} on {@code out}, once bytes move. */
    static ProgressMeter start(TransferProgress progress, PrintStream out, Scheduler scheduler) {
        return new ProgressMeter(progress, out, scheduler);
    }

    /** Bytes moved (called for every chunk): the first time, the line is drawn at once. */
    void moved() {
        if (!moving) {
            moving = true;
            redraw();
        }
    }

    private synchronized void redraw() {
        if (moving && !finished && !aside) {
            draw(progress.line());
        }
    }

    /**
     * The reply is about to be written to the terminal the line is on: the line is erased and no
     * longer redrawn, so the reply's text is not mixed into it; {@link #finish()} then writes
     * the totals on a line of their own after it. Idempotent.
     */
    void stepAside() {
        if (!aside) {
            stepAsideOnce();
        }
    }

    private synchronized void stepAsideOnce() {
        if (!aside && !finished) {
            aside = true;
            timer.dispose();
            if (drawn > 0) {
                out.print("\r" + " ".repeat(drawn) + "\r");
                out.flush();
                drawn = 0;
            }
        }
    }

    /** Stops redrawing and writes the totals line. Idempotent. */
    synchronized void finish() {
        if (!finished) {
            finished = true;
            timer.dispose();
            if (aside) {
                out.print('\n'); // the reply's last line may not have ended
            }
            draw(progress.totals());
            out.print('\n');
            out.flush();
        }
    }

    @Override
    public void close() {
        finish();
    }

    private void draw(String line) {
        StringBuilder text = new StringBuilder(line.length() + 8).append('\r').append(line);
        for (int i = line.length(); i < drawn; i++) {
            text.append(' ');
        }
        drawn = line.length();
        out.print(text);
        out.flush();
    }
}
