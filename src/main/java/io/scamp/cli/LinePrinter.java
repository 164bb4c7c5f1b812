package io.scamp.cli;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints lines handed over from threads that must not block (an event loop) on a daemon
 * thread of its own. At most {@code capacity} lines wait; past that a line is dropped and
 * counted, and the next line printed is preceded by
 * {@code {"event":"<dropEvent>","count":N}}. So a stdout nobody reads costs the queue, never the
 * caller's thread.
 */
final class LinePrinter {
    private final PrintStream out;
    private final String dropEvent;
    private final BlockingQueue<String> lines;
    private final AtomicLong dropped = new AtomicLong();

    LinePrinter(PrintStream out, int capacity, String dropEvent, String threadName) {
        this.out = out;
        this.dropEvent = dropEvent;
        this.lines = new ArrayBlockingQueue<>(capacity);
        Thread printer = new Thread(this::print, threadName);
        printer.setDaemon(true);
        printer.start();
    }

    /** Queues {@code line}, or drops and counts it if {@code capacity} lines are waiting. */
    void offer(String line) {
        if (!lines.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    private void print() {
        try {
            while (true) {
                String line = lines.take();
                long lost = dropped.getAndSet(0);
                synchronized (out) {
                    if (lost > 0) {
                        out.println("{\"event\":\"" + dropEvent + "\",\"count\":" + lost + "}");
                    }
                    out.println(line);
                    out.flush();
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }
}
