package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receive budget's marks, per connection and shared, without a channel. */
class ReceiveBudgetTest {
    private static final int KIB = 1024;

    /** Records what the budget asks; runs "loop" tasks at once, as on the connection's own loop. */
    private static final class Reads implements ReceiveBudget.Reads {
        final List<String> calls = new ArrayList<>();

        @Override
        public void pauseReads() {
            calls.add("pause");
        }

        @Override
        public void resumeReads() {
            calls.add("resume");
        }

        @Override
        public void onLoop(Runnable task) {
            task.run();
        }
    }

    @Test
    void readsPauseAboveTheHighMarkAndResumeAtHalfOfIt() {
        Reads reads = new Reads();
        SharedReceiveBudget shared = new SharedReceiveBudget(10_000 * KIB);
        ReceiveBudget budget = new ReceiveBudget(1000 * KIB, shared, reads);

        budget.received(1000 * KIB);
        assertThat(reads.calls).as("at the mark, not over it").isEmpty();
        budget.received(1);
        assertThat(reads.calls).containsExactly("pause");
        budget.received(100 * KIB);
        assertThat(reads.calls).as("one pause however much more arrives").containsExactly("pause");

        budget.consumed(600 * KIB);
        assertThat(reads.calls).as("still over the low mark (%d left)", budget.queued()).containsExactly("pause");
        budget.consumed(1 + 100 * KIB);
        assertThat(budget.queued()).isEqualTo(400 * KIB);
        assertThat(reads.calls).containsExactly("pause", "resume");
        assertThat(budget.isPaused()).isFalse();
        assertThat(shared.queuedBytes()).isEqualTo(400 * KIB);
    }

    @Test
    void overTheSharedMarkOnlyConnectionsOverTheirShareAreHeldBackUntilTheTotalOrTheirOwnCountIsLow() {
        SharedReceiveBudget shared = new SharedReceiveBudget(1000 * KIB);
        Reads readsA = new Reads();
        Reads readsB = new Reads();
        ReceiveBudget a = counted(new ReceiveBudget(800 * KIB, shared, readsA));
        ReceiveBudget b = counted(new ReceiveBudget(800 * KIB, shared, readsB));
        assertThat(shared.share()).isEqualTo(500 * KIB);

        a.received(700 * KIB);
        b.received(400 * KIB);
        assertThat(readsB.calls).as("B took the total over, but holds less than its share").isEmpty();
        a.received(1);
        assertThat(readsA.calls).as("A, over its share while the total is over").containsExactly("pause");
        b.received(200 * KIB);
        assertThat(readsB.calls).as("B, now over its share too").containsExactly("pause");

        b.consumed(400 * KIB);
        assertThat(shared.isLow()).isFalse();
        assertThat(readsB.calls).as("B down to half its share reads again, the total still high").containsExactly("pause", "resume");

        a.consumed(300 * KIB + 1);
        assertThat(a.queued()).isEqualTo(400 * KIB);
        assertThat(readsA.calls).as("A at its own low mark, over half its share, the total (600 KiB) over the shared low mark")
                .containsExactly("pause");
        b.consumed(200 * KIB);
        assertThat(shared.queuedBytes()).isEqualTo(400 * KIB);
        assertThat(readsA.calls).as("B's consumption brought the total low and woke A").containsExactly("pause", "resume");
    }

    @Test
    void everyConnectionUpKeepsTheMinimumShareAndClosedOnesGiveTheirsBack() {
        SharedReceiveBudget shared = new SharedReceiveBudget(1000 * KIB);
        List<ReceiveBudget> budgets = new ArrayList<>();
        new ReceiveBudget(800 * KIB, shared, new Reads()); // its handshake never ends: it takes no share
        for (int i = 0; i < 100; i++) {
            budgets.add(counted(new ReceiveBudget(800 * KIB, shared, new Reads())));
        }
        assertThat(shared.share()).isEqualTo(SharedReceiveBudget.MIN_SHARE_BYTES);
        budgets.subList(2, 100).forEach(ReceiveBudget::close);
        assertThat(shared.share()).isEqualTo(500 * KIB);
    }

    @Test
    void aClosedConnectionGivesItsBytesBackToTheSharedBudget() {
        SharedReceiveBudget shared = new SharedReceiveBudget(1000 * KIB);
        Reads reads = new Reads();
        ReceiveBudget budget = new ReceiveBudget(800 * KIB, shared, reads);
        budget.received(900 * KIB);

        budget.close();
        budget.consumed(100 * KIB); // a subscriber still reading what the closed connection had queued

        assertThat(shared.queuedBytes()).isZero();
        assertThat(budget.consumedTotal()).isEqualTo(100 * KIB);
    }

    @Test
    void aWaitingConnectionIsWokenOnceHoweverOftenItChecks() {
        SharedReceiveBudget shared = new SharedReceiveBudget(1000 * KIB);
        Reads readsA = new Reads();
        Reads readsB = new Reads();
        ReceiveBudget a = counted(new ReceiveBudget(1000 * KIB, shared, readsA));
        ReceiveBudget b = counted(new ReceiveBudget(300 * KIB, shared, readsB));
        counted(new ReceiveBudget(300 * KIB, shared, new Reads()));
        counted(new ReceiveBudget(300 * KIB, shared, new Reads()));
        assertThat(shared.share()).isEqualTo(250 * KIB);
        a.received(900 * KIB);
        b.received(260 * KIB);
        assertThat(readsB.calls).as("B over its share, the total over the mark").containsExactly("pause");
        b.consumed(120 * KIB);
        assertThat(readsB.calls).as("B at its own low mark, over half its share: it waits for the total").containsExactly("pause");
        for (int i = 0; i < 100; i++) {
            b.consumed(KIB);
            b.received(KIB);
        }

        a.consumed(900 * KIB);

        assertThat(readsB.calls).containsExactly("pause", "resume");
    }

    @Test
    void whileOneOfOurMessagesWaitsForAnAckReadsGoOnToTwiceTheMarkSoTheAckCanArrive() {
        Reads reads = new Reads();
        SharedReceiveBudget shared = new SharedReceiveBudget(100_000 * KIB);
        ReceiveBudget budget = counted(new ReceiveBudget(5000 * KIB, shared, reads));
        budget.received(5001 * KIB);
        assertThat(reads.calls).containsExactly("pause");

        budget.awaitingOurAcks(true);
        assertThat(reads.calls).as("our reply waits for an ACK behind what we stopped reading").containsExactly("pause", "resume");
        budget.received(5000 * KIB);
        assertThat(reads.calls).as("under twice the mark and two packets").containsExactly("pause", "resume");
        budget.received(300 * KIB);
        assertThat(reads.calls).as("over it: paused whatever we wait for").containsExactly("pause", "resume", "pause");

        budget.consumed(5301 * KIB);
        assertThat(reads.calls).as("5000 KiB left: still over the low mark").containsExactly("pause", "resume", "pause");
        budget.consumed(3000 * KIB);
        assertThat(reads.calls).containsExactly("pause", "resume", "pause", "resume");
        budget.awaitingOurAcks(false);
        assertThat(reads.calls).as("2000 KiB waiting, under the mark: reads go on").containsExactly("pause", "resume", "pause", "resume");
        budget.received(3001 * KIB);
        assertThat(reads.calls).as("the ordinary mark again").containsExactly("pause", "resume", "pause", "resume", "pause");
    }

    @Test
    void whileWaitingForAnAckASmallBufferReadsOnPastTheWidestWindowOfADefaultPeer() {
        Reads reads = new Reads();
        long mark = ReceiveLimits.forHeap(60L << 20).connectionBytes(); // a -Xmx64m service: about 3.75 MiB
        ReceiveBudget budget = counted(new ReceiveBudget(mark, new SharedReceiveBudget(ReceiveLimits.forHeap(60L << 20).totalBytes()), reads));
        budget.awaitingOurAcks(true);
        // a big-heap client's window at its cap (half of 16 MiB), one packet more in flight, and the open message's charge
        budget.received((int) ReceiveBudget.DEFAULT_PEER_WINDOW + 128 * KIB + 4 * KIB);
        assertThat(2 * mark).as("twice the mark alone would not do").isLessThan(ReceiveBudget.DEFAULT_PEER_WINDOW);
        assertThat(reads.calls).as("the ACK we wait for can still be read").isEmpty();
        budget.received(128 * KIB);
        assertThat(reads.calls).as("past the window and two packets: paused").containsExactly("pause");
    }

    private static ReceiveBudget counted(ReceiveBudget budget) {
        budget.countInShares();
        return budget;
    }

    @Test
    void theDefaultsScaleWithTheHeap() {
        assertThat(ReceiveLimits.forHeap(64L << 20).connectionBytes()).isEqualTo(4L << 20);
        assertThat(ReceiveLimits.forHeap(64L << 20).totalBytes()).isEqualTo(16L << 20);
        assertThat(ReceiveLimits.forHeap(16L << 30).connectionBytes()).isEqualTo(16L << 20);
        assertThat(ReceiveLimits.forHeap(16L << 30).totalBytes()).isEqualTo(256L << 20);
        assertThat(ReceiveLimits.forHeap(1L << 20).connectionBytes()).isEqualTo(ReceiveLimits.MIN_BYTES);
        assertThatThrownBy(() -> new ReceiveLimits(1 << 20, 1 << 19, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiveLimits(1 << 10, 1 << 20, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
