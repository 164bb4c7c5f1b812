package io.scamp.service;

import io.scamp.connection.ScampConnection;
import io.scamp.message.ConnectionStalledException;
import io.scamp.message.MessageHeader;
import io.scamp.message.SubscriptionChange;
import io.scamp.wire.SubscriptionJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The events of one subscribed connection (SCAMP.md §10): its filter, the snapshot it is owed,
 * and the changes published since the last event it was sent.
 *
 * <p>One event message is in flight at a time, the next one starting once the previous one has
 * been written to the socket: so a subscriber that reads slowly holds at most one event in our
 * buffers, and what is published meanwhile waits in the backlog, coalesced per key (the latest
 * value of each key wins, in the order the keys first changed). A backlog past
 * {@code maxBacklog} bytes is a subscriber that does not keep up: its connection is failed with
 * a {@link ConnectionStalledException} (a WARNING in the log), and it may come back for a fresh
 * snapshot. Everything here runs under the {@link PublishedData}'s lock.
 */
final class SubscriberFeed {
    private static final MessageHeader EMPTY = MessageHeader.builder().build();

    /** A key of a code, as the backlog holds it. */
    private record Slot(String code, String key) {
    }

    private final PublishedData data;
    private final ScampConnection connection;
    private final long maxBacklog;
    private Set<String> filter = Set.of();
    private final LinkedHashMap<Slot, SubscriptionChange> backlog = new LinkedHashMap<>();
    private final LinkedHashMap<Slot, Integer> backlogSizes = new LinkedHashMap<>();
    private long backlogBytes;
    private boolean snapshotOwed;
    private boolean inFlight;
    private long inFlightSince;
    private boolean dead;

    SubscriberFeed(PublishedData data, ScampConnection connection, long maxBacklog) {
        this.data = data;
        this.connection = connection;
        this.maxBacklog = maxBacklog;
    }

    /**
     * Takes a new filter (a {@code subscribe}): answers {@code subscribe_done} ({@code true}, the
     * request's id copied), then owes the snapshot of those codes, sent as the next event; a
     * {@code null} filter unsubscribes. On the connection's event loop.
     */
    void subscribe(List<String> codes, long requestId) {
        synchronized (data) {
            if (!dead) {
                apply(codes);
                done(requestId, true);
                sendNext();
            }
        }
    }

    /** Refuses a filter: {@code subscribe_done false}, and whatever subscription there was ends (as scamp-js means to). */
    void refuse(long requestId) {
        synchronized (data) {
            if (!dead) {
                apply(null);
                done(requestId, false);
            }
        }
    }

    private void apply(List<String> codes) {
        backlog.clear();
        backlogSizes.clear();
        backlogBytes = 0;
        if (codes == null) {
            filter = Set.of();
            snapshotOwed = false;
            data.remove(this);
            connection.keepOpen(false);
        } else {
            filter = new LinkedHashSet<>(codes);
            snapshotOwed = true;
            data.add(this);
            connection.keepOpen(true);
        }
    }

    /** The connection has closed: nothing more is sent. */
    void closed() {
        synchronized (data) {
            dead = true;
            backlog.clear();
            backlogSizes.clear();
            data.remove(this);
        }
    }

    /** A change of the store ({@code size}: its record's bytes), queued if the filter names its code. The caller holds the lock. */
    void offer(SubscriptionChange change, int size) {
        if (dead || snapshotOwed || !filter.contains(change.code())) {
            return; // a snapshot owed is taken when it is sent, and will hold the change
        }
        Slot slot = new Slot(change.code(), change.key());
        backlog.remove(slot); // a key changed again moves to the end, so the order of changes is kept
        backlog.put(slot, change);
        Integer before = backlogSizes.put(slot, size);
        backlogBytes += size - (before == null ? 0 : before);
        if (backlogBytes > maxBacklog) {
            Duration waited = Duration.ofNanos(System.nanoTime() - inFlightSince);
            ConnectionStalledException slow = new ConnectionStalledException("the subscriber reads its events too slowly: "
                    + backlogBytes + " bytes of changes wait behind an event unwritten for " + waited.toMillis()
                    + " ms (the backlog holds at most " + maxBacklog + ")", backlogBytes, waited);
            closed();
            // Not here, under the data's lock (and maybe inline on the connection's loop, where failing it
            // runs the callbacks of whatever was open on it): from another thread, then on its loop.
            reactor.core.scheduler.Schedulers.parallel().schedule(() -> connection.abort(slow));
            return;
        }
        sendNext();
    }

    /** Subscribed connections with a backlog or an owed snapshot send their next event, unless one is in flight. */
    private void sendNext() {
        if (dead || inFlight) {
            return;
        }
        List<SubscriptionChange> records;
        if (snapshotOwed) {
            snapshotOwed = false;
            records = data.snapshot(filter);
            backlog.clear();
            backlogSizes.clear();
            backlogBytes = 0;
        } else if (!backlog.isEmpty()) {
            records = new ArrayList<>(backlog.values());
            backlog.clear();
            backlogSizes.clear();
            backlogBytes = 0;
        } else {
            return;
        }
        byte[] body = SubscriptionJson.event(records); // before inFlight: a body that fails to encode leaves the feed as it was
        inFlight = true;
        inFlightSince = System.nanoTime();
        connection.sendMessage(EMPTY, MessageHeader.TYPE_EVENT, 0, io.scamp.message.Bodies.bytes(body), this::written);
    }

    private void written(Throwable failure) {
        synchronized (data) {
            inFlight = false;
            if (failure != null) {
                closed();
                return;
            }
            sendNext();
        }
    }

    private void done(long requestId, boolean accepted) {
        connection.sendMessage(EMPTY, MessageHeader.TYPE_SUBSCRIBE_DONE, requestId,
                io.scamp.message.Bodies.bytes(SubscriptionJson.done(accepted)), failure -> { });
    }
}
