package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Operators;

/**
 * Timeouts kept in per-timeout lists: requests expire once each, in deadline order, never
 * after removal, including those that fall back to a timer of their own. Each test ends by
 * waiting for a last request's expiry, so "did not expire" is checked after its deadline passed.
 */
class RequestDeadlinesTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final EventLoop loop = new DefaultEventLoop();
    private final List<PendingRequest> expired = new ArrayList<>();
    private final CountDownLatch lastExpired = new CountDownLatch(1);

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    @Test
    void sameTimeoutExpiresInOrderAndRemovedNever() throws Exception {
        PendingRequest a = call(1), b = call(2), c = call(3), d = call(4);
        RequestDeadlines deadlines = deadlinesUntil(d);
        onLoop(() -> {
            deadlines.add(a, 30 * MS);
            deadlines.add(b, 30 * MS);
            deadlines.add(c, 30 * MS);
            deadlines.remove(b);
            deadlines.remove(b); // idempotent
            deadlines.add(d, 30 * MS);
            deadlines.remove(a); // the head: its timer fires and moves on to the next
            assertThat(List.of(c, d)).allSatisfy(call -> {
                assertThat(call.deadlineList).as("kept in the list of its timeout").isNotNull();
                assertThat((Object) call.ownTimer).as("no timer of its own").isNull();
            });
            return null;
        });

        assertThat(expiredOnceTheLastHas()).containsExactly(c, d);
    }

    @Test
    void manyDistinctTimeoutsFallBackToTimersOfTheirOwn() throws Exception {
        List<PendingRequest> calls = calls(8);
        PendingRequest sentinel = call(99);
        RequestDeadlines deadlines = deadlinesUntil(sentinel);
        onLoop(() -> {
            for (int i = 0; i < calls.size(); i++) {
                deadlines.add(calls.get(i), (10 + 5L * i) * MS);
            }
            deadlines.remove(calls.get(1)); // in a list
            deadlines.remove(calls.get(6)); // on a timer of its own
            deadlines.add(sentinel, 200 * MS);
            return null;
        });

        assertThat(expiredOnceTheLastHas())
                .containsExactly(calls.get(0), calls.get(2), calls.get(3), calls.get(4), calls.get(5), calls.get(7), sentinel);
    }

    @Test
    void emptyListsAreTakenOverByNewTimeoutsWithoutWaitingForTheirOldTimers() throws Exception {
        List<PendingRequest> first = calls(4); // as the first calls of a connection: what is left of their time after connecting
        PendingRequest later = call(10), sentinel = call(11);
        RequestDeadlines deadlines = deadlinesUntil(sentinel);
        onLoop(() -> {
            for (int i = 0; i < first.size(); i++) {
                deadlines.add(first.get(i), (60_000 + i) * MS);
                deadlines.remove(first.get(i));
            }
            deadlines.add(later, 20 * MS);
            deadlines.add(sentinel, 20 * MS);
            assertThat(later.deadlineList).as("an emptied list, taken over").isNotNull();
            return null;
        });

        // The lists' old timers fire after a minute; the new requests expire long before.
        assertThat(expiredOnceTheLastHas()).containsExactly(later, sentinel);
    }

    @Test
    void clearForgetsEverythingAndListsAreReusedAfterwards() throws Exception {
        PendingRequest before = call(1), after = call(2);
        RequestDeadlines deadlines = deadlinesUntil(after);
        onLoop(() -> {
            deadlines.add(before, 20 * MS);
            deadlines.clear();
            deadlines.add(after, 60 * MS);
            return null;
        });

        assertThat(expiredOnceTheLastHas()).containsExactly(after);
    }

    /** Deadlines on the loop whose expiries are recorded; {@code last} expiring ends the test's wait. */
    private RequestDeadlines deadlinesUntil(PendingRequest last) throws Exception {
        return onLoop(() -> new RequestDeadlines(loop, call -> {
            assertThat(loop.inEventLoop()).isTrue();
            expired.add(call);
            if (call == last) {
                lastExpired.countDown();
            }
        }));
    }

    /** Waits for the last request's expiry, then returns every expiry so far, in order. */
    private List<PendingRequest> expiredOnceTheLastHas() throws Exception {
        assertThat(lastExpired.await(10, TimeUnit.SECONDS)).isTrue();
        return loop.submit(() -> List.copyOf(expired)).get(10, TimeUnit.SECONDS);
    }

    private static PendingRequest call(long requestId) {
        PendingRequest call = new PendingRequest(null, Operators.emptySubscriber(), null, java.time.Duration.ZERO, null);
        call.requestId = requestId;
        return call;
    }

    private static List<PendingRequest> calls(int count) {
        List<PendingRequest> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(call(i));
        }
        return calls;
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }
}
