package io.scamp.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of one multiplexed connection (SCAMP.md §4, §6), immutable.
 *
 * @param maxInflight unacknowledged bytes a sender lets out per message before pausing it ({@code flow.max_inflight})
 * @param idleTimeout an idle connection (no open message, no pending request) is closed after this; zero disables
 * @param heartbeat interval between PINGs; a PING unanswered by the next tick closes the connection; zero disables
 * @param receiveLimits how many received bytes may wait for the application before reads pause
 * @param windowLimits how far a message's send window may grow beyond {@code maxInflight}
 */
public record ConnectionSettings(int maxInflight, Duration idleTimeout, Duration heartbeat, ReceiveLimits receiveLimits,
        WindowLimits windowLimits) {
    /** {@code flow.max_inflight} default. */
    public static final int DEFAULT_MAX_INFLIGHT = 65536;

    /**
     * Checks the settings.
     *
     * @param maxInflight unacknowledged bytes per message before the sender pauses
     * @param idleTimeout how long an idle connection stays open; zero disables
     * @param heartbeat interval between PINGs; zero disables
     * @param receiveLimits the receive budget's marks and stall timeout
     * @param windowLimits the adaptive window's cap and connection budget
     * @throws IllegalArgumentException if {@code maxInflight} is not positive
     * @throws NullPointerException if a duration or the limits are null
     */
    public ConnectionSettings {
        Objects.requireNonNull(receiveLimits, "receiveLimits");
        Objects.requireNonNull(windowLimits, "windowLimits");
        if (maxInflight < 1) {
            throw new IllegalArgumentException("maxInflight must be positive: " + maxInflight);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(heartbeat, "heartbeat");
    }

    /**
     * Settings with the default receive limits for this JVM ({@link ReceiveLimits#defaults()}).
     *
     * @param maxInflight unacknowledged bytes per message before the sender pauses
     * @param idleTimeout how long an idle connection stays open; zero disables
     * @param heartbeat interval between PINGs; zero disables
     */
    public ConnectionSettings(int maxInflight, Duration idleTimeout, Duration heartbeat) {
        this(maxInflight, idleTimeout, heartbeat, ReceiveLimits.defaults(), WindowLimits.defaults());
    }

    /**
     * Settings with the default window limits ({@link WindowLimits#defaults()}).
     *
     * @param maxInflight unacknowledged bytes per message before the sender pauses (the window's floor)
     * @param idleTimeout how long an idle connection stays open; zero disables
     * @param heartbeat interval between PINGs; zero disables
     * @param receiveLimits the receive budget's marks and stall timeout
     */
    public ConnectionSettings(int maxInflight, Duration idleTimeout, Duration heartbeat, ReceiveLimits receiveLimits) {
        this(maxInflight, idleTimeout, heartbeat, receiveLimits, WindowLimits.defaults());
    }

    /**
     * Client defaults: window 65536, idle 90 s ({@code beepish.client_timeout}), no heartbeat.
     *
     * @return the settings
     */
    public static ConnectionSettings clientDefaults() {
        return new ConnectionSettings(DEFAULT_MAX_INFLIGHT, Duration.ofSeconds(90), Duration.ZERO);
    }

    /**
     * Server defaults: window 65536, idle 120 s ({@code beepish.server_timeout}), no heartbeat.
     *
     * @return the settings
     */
    public static ConnectionSettings serverDefaults() {
        return new ConnectionSettings(DEFAULT_MAX_INFLIGHT, Duration.ofSeconds(120), Duration.ZERO);
    }

    /**
     * A copy with another window.
     *
     * @param bytes unacknowledged bytes per message before the sender pauses
     * @return the copy
     */
    public ConnectionSettings withMaxInflight(int bytes) {
        return new ConnectionSettings(bytes, idleTimeout, heartbeat, receiveLimits, windowLimits);
    }

    /**
     * A copy with another idle timeout.
     *
     * @param timeout how long an idle connection stays open; zero disables
     * @return the copy
     */
    public ConnectionSettings withIdleTimeout(Duration timeout) {
        return new ConnectionSettings(maxInflight, timeout, heartbeat, receiveLimits, windowLimits);
    }

    /**
     * A copy with another heartbeat.
     *
     * @param interval interval between PINGs; zero disables
     * @return the copy
     */
    public ConnectionSettings withHeartbeat(Duration interval) {
        return new ConnectionSettings(maxInflight, idleTimeout, interval, receiveLimits, windowLimits);
    }

    /**
     * These settings with other receive limits.
     *
     * @param limits the receive budget's marks and stall timeout
     * @return new settings
     */
    public ConnectionSettings withReceiveLimits(ReceiveLimits limits) {
        return new ConnectionSettings(maxInflight, idleTimeout, heartbeat, limits, windowLimits);
    }

    /**
     * These settings with other window limits.
     *
     * @param limits whether and how far send windows grow
     * @return the new settings
     */
    public ConnectionSettings withWindowLimits(WindowLimits limits) {
        return new ConnectionSettings(maxInflight, idleTimeout, heartbeat, receiveLimits, limits);
    }

    /**
     * The largest window a message may have: {@code maxWindow}, but no more than half this
     * side's own per-connection receive buffer, and {@code maxInflight} when windows do not
     * adapt. A receiver of ours stops reading the whole connection once its buffer is full,
     * the ACKs for its own messages included; a window past a peer's buffer could then stall
     * a handler that streams its reply from its request on the same connection (an echo), both
     * sides waiting for ACKs neither reads. Half of our own buffer is what a peer configured
     * like us is sure to take (docs/design.md, "Adaptive send window").
     */
    int windowCap() {
        if (!windowLimits.adaptive()) {
            return maxInflight;
        }
        long half = receiveLimits.connectionBytes() / 2;
        return (int) Math.max(maxInflight, Math.min(windowLimits.maxWindow(), half));
    }

    /**
     * What the windows of one connection's messages may sum to: {@code connectionWindow}, but
     * no more than half this side's per-connection receive buffer (for the reason
     * {@link #windowCap()} gives), and never less than one message's cap.
     */
    long connectionWindowCap() {
        long half = receiveLimits.connectionBytes() / 2;
        return Math.max(windowCap(), Math.min(windowLimits.connectionWindow(), half));
    }
}
