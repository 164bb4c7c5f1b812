package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.wire.PacketType;
import org.junit.jupiter.api.Test;

/** The idle timer's and the heartbeat's decisions, tick by tick, without a channel or a clock. */
class LivenessTest {
    private static final int TICKS_TO_IDLE = 4;

    @Test
    void aQuietConnectionIdlesOutAfterItsTicksAndAnyPacketOrMessageStartsTheCountAgain() {
        Liveness liveness = new Liveness();
        for (int i = 1; i < TICKS_TO_IDLE; i++) {
            assertThat(liveness.idleTick(false, TICKS_TO_IDLE)).as("tick %d", i).isFalse();
        }
        liveness.packetIn(PacketType.DATA);
        for (int i = 1; i <= TICKS_TO_IDLE; i++) {
            assertThat(liveness.idleTick(false, TICKS_TO_IDLE)).as("the packet's tick and %d quiet ones", i - 1).isFalse();
        }
        liveness.messageStarted();
        assertThat(liveness.idleTick(false, TICKS_TO_IDLE)).isFalse();
        for (int i = 1; i < TICKS_TO_IDLE; i++) {
            liveness.idleTick(false, TICKS_TO_IDLE);
        }
        assertThat(liveness.idleTick(false, TICKS_TO_IDLE)).as("four quiet ticks").isTrue();
    }

    @Test
    void anOpenMessageKeepsItAndHeartbeatsAloneDoNot() {
        Liveness liveness = new Liveness();
        for (int i = 0; i < 3 * TICKS_TO_IDLE; i++) {
            assertThat(liveness.idleTick(true, TICKS_TO_IDLE)).as("a pending request, however quiet").isFalse();
        }
        boolean idled = false;
        for (int i = 0; i < TICKS_TO_IDLE && !idled; i++) {
            liveness.packetIn(i % 2 == 0 ? PacketType.PING : PacketType.PONG);
            idled = liveness.idleTick(false, TICKS_TO_IDLE);
        }
        assertThat(idled).as("PINGs and PONGs are not use").isTrue();
    }

    @Test
    void aKeptOpenConnectionStaysWhileItsPeerIsHeardEvenByHeartbeats() {
        Liveness liveness = new Liveness();
        liveness.keepOpen(true);
        for (int i = 0; i < 3 * TICKS_TO_IDLE; i++) {
            liveness.packetIn(PacketType.PING);
            assertThat(liveness.idleTick(false, TICKS_TO_IDLE)).isFalse();
        }
        boolean idled = false;
        for (int i = 0; i < TICKS_TO_IDLE; i++) {
            idled = liveness.idleTick(false, TICKS_TO_IDLE);
        }
        assertThat(idled).as("a peer no longer heard").isTrue();
    }

    @Test
    void aPingLeftUnansweredForAPeriodFailsTheConnection() {
        Liveness liveness = new Liveness();
        assertThat(liveness.heartbeatTick()).as("the first PING").isZero();
        liveness.pong();
        assertThat(liveness.heartbeatTick()).as("answered: the next, numbered on").isEqualTo(1);
        assertThat(liveness.heartbeatTick()).as("not answered within the period").isEqualTo(-1);
    }
}
