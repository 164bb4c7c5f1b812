package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.Request;
import io.scamp.testing.ScriptedPeer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The adaptive send window on the wire, against a scripted receiver that moves the clock: it
 * grows while whole windows come back within a round trip, packets grow with it, a receiver
 * that stops ACKing stops the sender at the window it had, and one that never ACKs (or ACKs
 * before the first window is through) keeps the floor, as today.
 */
class AdaptiveWindowProtocolTest {
    private static final int FLOOR = ConnectionSettings.DEFAULT_MAX_INFLIGHT;
    private final ScriptedPeer peer = new ScriptedPeer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ZERO)
            .withReceiveLimits(new ReceiveLimits(64L << 20, 256L << 20, Duration.ZERO)), RequestDispatcher.NONE);
    private long acked;

    @AfterEach
    void close() {
        peer.close();
    }

    private void upload() {
        peer.connection().request(Request.of("Svc.upload", Flux.range(0, 4096).map(i -> ByteBuffer.allocate(256 * 1024)))).subscribe();
    }

    /** ACKs everything received so far, 1 ms after it was sent; returns the DATA sizes that the ACK let out. */
    private List<Integer> ackAllAfterOneMillisecond(List<Integer> inFlight) {
        acked += inFlight.stream().mapToLong(Integer::longValue).sum();
        peer.advanceMillis(1);
        peer.packet("ACK", 0, Long.toString(acked));
        return dataSizes(peer.received());
    }

    @Test
    void theWindowGrowsWhileWholeWindowsComeBackWithinARoundTripAndPacketsGrowWithIt() {
        upload();
        List<Integer> inFlight = dataSizes(peer.received());
        assertThat(inFlight).as("the floor, in two packets").containsExactly(FLOOR / 2, FLOOR / 2);
        for (int round = 0; round < 40; round++) {
            inFlight = ackAllAfterOneMillisecond(inFlight);
        }
        long window = inFlight.stream().mapToLong(Integer::longValue).sum();
        assertThat(window).as("the window after 40 prompt rounds (decisions every 5 ms)").isGreaterThanOrEqualTo(16L * FLOOR);
        assertThat(inFlight).as("packets at the 128 KiB limit").allMatch(size -> size == 128 * 1024);

        // the receiver stops ACKing: nothing more goes out, however long it waits
        peer.advanceMillis(5_000);
        assertThat(dataSizes(peer.received())).isEmpty();
    }

    @Test
    void anAckBeforeTheFirstWindowIsThroughKeepsTheFloor() {
        upload();
        assertThat(dataSizes(peer.received())).containsExactly(FLOOR / 2, FLOOR / 2);
        peer.advanceMillis(1);
        peer.packet("ACK", 0, Integer.toString(FLOOR / 4));
        assertThat(dataSizes(peer.received())).as("a quarter acknowledged lets a quarter more go").containsExactly(FLOOR / 2);
        peer.advanceMillis(1);
        assertThat(dataSizes(peer.received())).isEmpty();
    }

    @Test
    void aReceiverThatNeverAcksGetsTheFloorAndNoMore() {
        upload();
        assertThat(dataSizes(peer.received())).containsExactly(FLOOR / 2, FLOOR / 2);
        peer.advanceMillis(10_000);
        assertThat(dataSizes(peer.received())).isEmpty();
    }

    @Test
    void aFixedWindowStaysAtTheFloorThroughPromptRounds() {
        ScriptedPeer fixed = new ScriptedPeer(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ZERO)
                .withWindowLimits(WindowLimits.fixed()), RequestDispatcher.NONE);
        try {
            fixed.connection().request(Request.of("Svc.upload", Flux.range(0, 64).map(i -> ByteBuffer.allocate(256 * 1024)))).subscribe();
            long total = 0;
            List<Integer> inFlight = dataSizes(fixed.received());
            for (int round = 0; round < 6; round++) {
                assertThat(inFlight.stream().mapToLong(Integer::longValue).sum()).isEqualTo(FLOOR);
                total += FLOOR;
                fixed.advanceMillis(1);
                fixed.packet("ACK", 0, Long.toString(total));
                inFlight = dataSizes(fixed.received());
            }
        } finally {
            fixed.close();
        }
    }

    private static List<Integer> dataSizes(List<String> packets) {
        return packets.stream().filter(p -> p.startsWith("DATA")).map(p -> p.length() - "DATA 0 ".length()).toList();
    }
}
