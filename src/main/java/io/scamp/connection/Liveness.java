package io.scamp.connection;

import io.scamp.wire.PacketType;

/**
 * Whether a connection is alive and in use, decided tick by tick (SCAMP.md §6; docs/design.md,
 * "Timers"): the idle timer closes a connection with no open message once no packet has moved
 * for its idle timeout (heartbeats alone keep none open, except a kept-open one whose peer is
 * still heard: a subscription), and the heartbeat fails one whose peer left a PING unanswered
 * for a whole period. The connection schedules the ticks and acts on what they return; this
 * class holds only the state between them, so tests drive it without a channel or a clock.
 * Event loop only, except {@link #keepOpen}.
 */
final class Liveness {
    /** The idle timeout is checked this many times per period. */
    static final int IDLE_TICKS = 4;

    /** Set by any packet in or out, heartbeats aside; the idle timer counts the ticks that pass without it. */
    private boolean activeSinceTick;
    /** Set by any packet in, heartbeats included: what keeps a {@link #keepOpen kept-open} connection from idling out. */
    private boolean heardSinceTick;
    /** Whether a subscription lives on this connection (SCAMP.md §10); written from any thread. */
    private volatile boolean keptOpen;
    private int idleTicks;
    private boolean awaitingPong;
    private long nextPingNo;

    /** The idle timer's period for {@code idleNanos} (a quarter of it, 10 ms at least). */
    static long idlePeriodNanos(long idleNanos) {
        return Math.max(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10), idleNanos / IDLE_TICKS);
    }

    /** A packet of {@code type} came in. */
    void packetIn(PacketType type) {
        if (type != PacketType.PING && type != PacketType.PONG) {
            activeSinceTick = true; // a heartbeat alone keeps no connection from idling out
        }
        heardSinceTick = true;
    }

    /** A message of ours started. */
    void messageStarted() {
        activeSinceTick = true;
    }

    /** The peer answered our PING. */
    void pong() {
        awaitingPong = false;
    }

    /** Keeps the connection from idling out while the peer is heard from; any thread. */
    void keepOpen(boolean keep) {
        keptOpen = keep;
    }

    /**
     * An idle-timer tick.
     *
     * @param hasOpenMessages whether a message, a pending request or a handler is open
     * @param ticksToIdle how many quiet ticks make the idle timeout
     * @return whether the connection has idled out now
     */
    boolean idleTick(boolean hasOpenMessages, int ticksToIdle) {
        boolean heard = heardSinceTick;
        heardSinceTick = false;
        if (activeSinceTick || hasOpenMessages || (keptOpen && heard)) {
            activeSinceTick = false;
            idleTicks = 0;
            return false;
        }
        return ++idleTicks >= ticksToIdle;
    }

    /**
     * A heartbeat tick.
     *
     * @return the number of the PING to send now, or -1 when the last one was not answered
     *     within the period (the connection fails)
     */
    long heartbeatTick() {
        if (awaitingPong) {
            return -1;
        }
        awaitingPong = true;
        return nextPingNo++;
    }
}
