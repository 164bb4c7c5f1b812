package io.scamp.connection;

import io.netty.util.concurrent.EventExecutor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * How work from any thread reaches a connection's event loop, which owns all of the
 * connection's state: at once when the caller is on the loop (the usual case: a body's
 * publisher and subscriber mostly run there), else as a task. The forms that take a method
 * reference which captures nothing ({@code OutgoingMessage::completed}) and its target allocate
 * nothing in the usual case: this is how every signal of every call reaches the loop.
 */
final class LoopRunner {
    private final EventExecutor loop;

    LoopRunner(EventExecutor loop) {
        this.loop = loop;
    }

    /** Runs {@code task} on the loop: now if on it, else as a task. */
    void run(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** Calls {@code action} with {@code target} on the loop. */
    <T> void run(Consumer<T> action, T target) {
        if (loop.inEventLoop()) {
            action.accept(target);
        } else {
            loop.execute(() -> action.accept(target));
        }
    }

    /** As {@link #run(Consumer, Object)}, with an argument. */
    <T, A> void run(BiConsumer<T, A> action, T target, A argument) {
        if (loop.inEventLoop()) {
            action.accept(target, argument);
        } else {
            loop.execute(() -> action.accept(target, argument));
        }
    }

    /** As {@link #run(Consumer, Object)}, with a {@code long} argument (not boxed). */
    <T> void run(ObjLongConsumer<T> action, T target, long argument) {
        if (loop.inEventLoop()) {
            action.accept(target, argument);
        } else {
            loop.execute(() -> action.accept(target, argument));
        }
    }

    /** Runs {@code task} on the loop after the current task, or at once if the loop has shut down. */
    void later(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            task.run();
        }
    }
}
