package io.scamp.connection;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The reply timeouts of one connection's requests, without a scheduled task per request.
 *
 * <p>Requests with the same timeout expire in the order they were sent, so each distinct
 * timeout keeps its requests in a doubly linked list (through fields of
 * {@link PendingRequest}) in that order, and one timer per list fires at the head's
 * deadline. Adding and removing a request are constant-time and allocate nothing; a reply
 * unlinks its request and leaves the timer alone: when it fires it expires what is due and
 * sets itself for the new head. A connection rarely sees more than one or two timeouts (the
 * default and a few {@code t<N>} flags) besides those of its first requests, which carry what
 * is left of their time after connecting; an empty list is taken over by the next new
 * timeout, and a request whose timeout finds no list free gets a timer of its own. Event
 * loop only.
 */
final class RequestDeadlines {
    /** Distinct timeouts kept in lists at once; others fall back to a timer per request. */
    private static final int LISTS = 4;

    private final EventExecutor loop;
    private final Consumer<PendingRequest> expire;
    private final DeadlineList[] lists = new DeadlineList[LISTS];

    /** {@code expire} is called on the loop for each request whose deadline passed while it was still added. */
    RequestDeadlines(EventExecutor loop, Consumer<PendingRequest> expire) {
        this.loop = loop;
        this.expire = expire;
    }

    /** Starts the clock on {@code call}: it expires {@code timeoutNanos} from now unless {@link #remove removed} first. */
    void add(PendingRequest call, long timeoutNanos) {
        call.deadline = System.nanoTime() + timeoutNanos;
        DeadlineList list = listFor(timeoutNanos);
        if (list != null) {
            list.append(call);
        } else {
            call.ownTimer = loop.schedule(() -> expire.accept(call), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops the clock on {@code call} (a reply came, or it was cancelled or failed). Idempotent. */
    void remove(PendingRequest call) {
        if (call.deadlineList != null) {
            call.deadlineList.unlink(call);
        } else if (call.ownTimer != null) {
            call.ownTimer.cancel(false);
            call.ownTimer = null;
        }
    }

    /** Empties the lists and cancels their timers (requests on timers of their own need {@link #remove}). */
    void clear() {
        for (int i = 0; i < LISTS; i++) {
            if (lists[i] != null) {
                lists[i].clear();
                lists[i] = null;
            }
        }
    }

    /** The list of {@code timeoutNanos}, else an empty one taken over for it, else a new one; null when all are busy. */
    private DeadlineList listFor(long timeoutNanos) {
        DeadlineList empty = null;
        int unused = -1;
        for (int i = 0; i < LISTS; i++) {
            DeadlineList l = lists[i];
            if (l == null) {
                if (unused < 0) {
                    unused = i;
                }
            } else if (l.timeoutNanos == timeoutNanos) {
                return l;
            } else if (empty == null && l.head == null) {
                empty = l;
            }
        }
        if (empty != null) {
            empty.timeoutNanos = timeoutNanos;
            return empty;
        }
        if (unused < 0) {
            return null;
        }
        lists[unused] = new DeadlineList(timeoutNanos);
        return lists[unused];
    }

    /** The requests of one timeout, oldest (first to expire) at the head. */
    final class DeadlineList implements Runnable {
        /** The timeout of its requests; an empty list may be taken over for another. */
        long timeoutNanos;
        PendingRequest head;
        PendingRequest tail;
        /** Fires at {@link #timerAt}, at or before the head's deadline; may outlive the requests it was set for. */
        ScheduledFuture<?> timer;
        long timerAt;

        DeadlineList(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        void append(PendingRequest call) {
            call.deadlineList = this;
            call.deadlinePrev = tail;
            call.deadlineNext = null;
            if (tail == null) {
                head = call;
            } else {
                tail.deadlineNext = call;
            }
            tail = call;
            if (timer == null) {
                schedule(call.deadline);
            } else if (call == head && timerAt - call.deadline > 0) {
                // A list taken over for a shorter timeout: the timer left from before fires too late.
                timer.cancel(false);
                schedule(call.deadline);
            }
        }

        private void schedule(long at) {
            timerAt = at;
            timer = loop.schedule(this, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        void unlink(PendingRequest call) {
            PendingRequest prev = call.deadlinePrev;
            PendingRequest next = call.deadlineNext;
            if (prev == null) {
                head = next;
            } else {
                prev.deadlineNext = next;
            }
            if (next == null) {
                tail = prev;
            } else {
                next.deadlinePrev = prev;
            }
            call.deadlineList = null;
            call.deadlinePrev = null;
            call.deadlineNext = null;
        }

        /** The timer: expires every due request, then waits for the next head. */
        @Override
        public void run() {
            timer = null;
            long now = System.nanoTime();
            PendingRequest call;
            while ((call = head) != null && call.deadline - now <= 0) {
                unlink(call);
                expire.accept(call);
            }
            if (head != null && timer == null) {
                schedule(head.deadline);
            }
        }

        void clear() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            while (head != null) {
                unlink(head);
            }
        }
    }
}
