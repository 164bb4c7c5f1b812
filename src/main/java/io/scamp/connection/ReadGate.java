package io.scamp.connection;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.scamp.message.ConnectionStalledException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Whether a connection reads from its socket: it stops while its {@link ReceiveBudget} is over
 * a high mark, and, on a connection that answers requests, while its channel is not writable (a
 * requester that sends but does not read our replies meets TCP backpressure instead of growing
 * our outbound buffer). Reads resume when no reason is left.
 *
 * <p>Only the answering side stops reading for its output: were both sides to, two honest
 * peers whose outputs filled at once (10,000 requests one way, their replies the other) would
 * each wait for the other to read. A requester keeps reading; what a service can make it queue
 * while reading none of its output (PONGs, ACKs) is bounded by {@link #ANSWERS_LIMIT} instead.
 *
 * <p>While reads are paused a check runs every quarter of the stall timeout: a connection
 * whose budget pause saw no consumption, or whose peer read none of its output, for the whole
 * stall timeout fails with a {@link ConnectionStalledException} naming what waited and how long.
 * Event loop only.
 */
final class ReadGate implements ReceiveBudget.Reads {
    private static final int BUDGET = 1;
    private static final int OUTPUT = 2;
    /**
     * Bytes of PONGs and ACKs a peer may make a connection that keeps reading queue while it
     * reads none of that connection's output: about 50,000 answers.
     */
    static final int ANSWERS_LIMIT = 1 << 20;

    private final Channel channel;
    private final ReceiveBudget budget;
    private final long stallNanos;
    private final Consumer<ConnectionStalledException> onStall;
    private final java.util.function.LongSupplier acksReceived;
    private final boolean stopReadingForOutput;
    /** Told of every pause, by reason. */
    private final io.scamp.metrics.ConnectionMetrics metrics;
    /** Whether the channel is not writable (our output is waiting for the peer to read it). */
    private boolean outputBlocked;
    private long answersWhileBlocked;
    /** Outgoing messages whose window is full, waiting for the peer's ACK. */
    private int waitingForAck;
    private long ackProgressMark;
    private long ackStillSince;
    private int reasons;
    private ScheduledFuture<?> check;
    private long budgetProgressMark;
    private boolean budgetClockStarted;
    private long budgetStillSince;
    private long outputProgressMark;
    private long outputStillSince;

    /**
     * {@code stopReadingForOutput}: whether reads stop while the channel is not writable (the
     * side that answers requests) or go on with the answers bounded (the requester).
     */
    ReadGate(Channel channel, ReceiveLimits limits, SharedReceiveBudget shared, Consumer<ConnectionStalledException> onStall,
            java.util.function.LongSupplier acksReceived, boolean stopReadingForOutput, io.scamp.metrics.ConnectionMetrics metrics) {
        this.metrics = metrics;
        this.channel = channel;
        this.stopReadingForOutput = stopReadingForOutput;
        this.acksReceived = acksReceived;
        this.budget = new ReceiveBudget(limits.connectionBytes(), shared, this);
        this.stallNanos = limits.stallTimeout().toNanos();
        this.onStall = onStall;
    }

    /** The budget that counts this connection's waiting bytes. */
    ReceiveBudget budget() {
        return budget;
    }

    @Override
    public void pauseReads() {
        // The stall clock restarts only if something was consumed since it last started: a peer
        // that keeps reads flipping between paused and reading gains no time by it.
        if (!budgetClockStarted || budget.consumedTotal() != budgetProgressMark) {
            budgetClockStarted = true;
            budgetProgressMark = budget.consumedTotal();
            budgetStillSince = channel.eventLoop().ticker().nanoTime();
        }
        pause(BUDGET);
    }

    @Override
    public void resumeReads() {
        resume(BUDGET);
    }

    @Override
    public void onLoop(Runnable task) {
        channel.eventLoop().execute(task);
    }

    /** The channel's writability changed. */
    void writabilityChanged(boolean writable) {
        if (writable) {
            outputBlocked = false;
            resume(OUTPUT);
        } else if (!outputBlocked) {
            outputBlocked = true;
            answersWhileBlocked = 0;
            outputProgressMark = unsentBytes();
            outputStillSince = channel.eventLoop().ticker().nanoTime();
            if (stopReadingForOutput) {
                pause(OUTPUT);
            } else {
                armCheck(); // still failed if the peer reads nothing for the stall timeout
            }
        }
    }

    /**
     * The connection queued {@code bytes} of answers the peer asked for (a PONG, an ACK). A
     * connection that keeps reading while its output is blocked fails with a
     * {@link ConnectionStalledException} once these pass {@link #ANSWERS_LIMIT}.
     */
    void answered(int bytes) {
        if (outputBlocked && !stopReadingForOutput && (answersWhileBlocked += bytes) > ANSWERS_LIMIT) {
            long now = channel.eventLoop().ticker().nanoTime();
            onStall.accept(new ConnectionStalledException(channel.remoteAddress() + " made us queue " + answersWhileBlocked
                    + " bytes of PONGs and ACKs while reading none of our output (limit " + ANSWERS_LIMIT + ")",
                    unsentBytes(), Duration.ofNanos(now - outputStillSince)));
        }
    }

    /**
     * An outgoing message's window became full (it waits for the peer's ACK), or it opened
     * again or the message ended. While any message waits, the stall check watches the
     * connection's ACKs: a peer that acknowledges nothing for the stall timeout (it stopped
     * reading one reply whose window fits in the socket buffers, say) is failed too.
     */
    void sendWaitsForAck(boolean waits) {
        if (waits) {
            if (waitingForAck++ == 0) {
                ackProgressMark = acksReceived.getAsLong();
                ackStillSince = channel.eventLoop().ticker().nanoTime();
                armCheck();
                budget.awaitingOurAcks(true);
            }
        } else if (waitingForAck > 0) {
            waitingForAck--; // the check, if armed, ends itself at its next run once nothing is left to watch
            if (waitingForAck == 0) {
                budget.awaitingOurAcks(false);
            }
        }
    }

    /** The connection is closing: no more checks, its waiting bytes leave the shared budget. */
    void close() {
        cancelCheck();
        budget.close();
    }

    private void pause(int reason) {
        if ((reasons & reason) == 0) {
            metrics.readsPaused(reason == OUTPUT);
        }
        boolean wasReading = reasons == 0;
        reasons |= reason;
        if (wasReading) {
            channel.config().setAutoRead(false);
            armCheck();
        }
    }

    private void resume(int reason) {
        if ((reasons & reason) == 0) {
            return;
        }
        reasons &= ~reason;
        if (reasons == 0) {
            channel.config().setAutoRead(true); // Netty reads again at once
        }
    }

    private void armCheck() {
        if (stallNanos > 0 && check == null) {
            long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), stallNanos / 4);
            check = channel.eventLoop().scheduleAtFixedRate(this::checkStall, period, period, TimeUnit.NANOSECONDS);
        }
    }

    private void checkStall() {
        if (reasons == 0 && waitingForAck == 0 && !outputBlocked) {
            // Lazily, here rather than at every resume: a bulk transfer fills and opens its window
            // thousands of times a second, and must not schedule and cancel a timer each time.
            cancelCheck();
            return;
        }
        long now = channel.eventLoop().ticker().nanoTime();
        if (waitingForAck > 0) {
            long acks = acksReceived.getAsLong();
            if (acks != ackProgressMark) {
                ackProgressMark = acks;
                ackStillSince = now;
            } else if (now - ackStillSince >= stallNanos) {
                Duration still = Duration.ofNanos(now - ackStillSince);
                onStall.accept(new ConnectionStalledException(channel.remoteAddress() + " acknowledged none of our data for "
                        + still.toMillis() + " ms while " + waitingForAck + " message(s) waited with a full window:"
                        + " the peer stopped reading", unsentBytes(), still));
                return;
            }
        }
        if ((reasons & BUDGET) != 0) {
            if (budget.consumedTotal() != budgetProgressMark) {
                budgetProgressMark = budget.consumedTotal();
                budgetStillSince = now;
            } else if (now - budgetStillSince >= stallNanos) {
                Duration still = Duration.ofNanos(now - budgetStillSince);
                onStall.accept(new ConnectionStalledException("reads from " + channel.remoteAddress() + " were paused for "
                        + still.toMillis() + " ms with " + budget.queued() + " received bytes waiting and none consumed"
                        + " (receive buffer " + budget.limit() + " bytes per connection): the application is not reading"
                        + " the bodies it received, or the peer ignores the ACK window", budget.queued(), still));
                return;
            }
        }
        if (outputBlocked) {
            long unsent = unsentBytes();
            if (unsent < outputProgressMark) {
                outputProgressMark = unsent; // the peer read some: slow, not stalled
                outputStillSince = now;
            } else if (now - outputStillSince >= stallNanos) {
                Duration still = Duration.ofNanos(now - outputStillSince);
                onStall.accept(new ConnectionStalledException(channel.remoteAddress() + " read none of our output for "
                        + still.toMillis() + " ms (" + unsent + " bytes waiting to be sent)", unsent, still));
            }
        }
    }

    private long unsentBytes() {
        io.netty.channel.ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    private void cancelCheck() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
