package io.scamp.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.SubscriptionChange;
import io.scamp.wire.SubscriptionJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A running service's published data (SCAMP.md §10): a small key/value store per code, and the
 * subscribed connections ({@link SubscriberFeed}s) that receive its changes.
 *
 * <p>One lock guards the store and every feed's filter and backlog, so a subscriber's snapshot
 * and the changes after it are cut at one point: no change is lost between them, none is sent
 * twice, and a feed sends them in the order they were made. Publishing is not on the
 * request/reply path; its cost is one lock and a look at each feed.
 *
 * <p>Bounds: at most {@link #MAX_ENTRIES} keys and {@link #MAX_BYTES} of encoded records in
 * all; a publication past either is refused with {@link IllegalStateException} and changes
 * nothing.
 */
final class PublishedData {
    /** The most keys, over all codes. */
    static final int MAX_ENTRIES = 10_000;
    /** The most bytes of encoded records ({@link SubscriptionJson#recordSize}), over all codes: what one snapshot can hold. */
    static final long MAX_BYTES = 4L * 1024 * 1024;
    /** The longest code, in characters. */
    static final int MAX_CODE_LENGTH = 1024;

    private final Map<String, LinkedHashMap<String, JsonNode>> data = new HashMap<>();
    private final Set<SubscriberFeed> feeds = new LinkedHashSet<>();
    /** The number of feeds after each change, the latest replayed: what a test waits on. */
    private final reactor.core.publisher.Sinks.Many<Integer> subscriberCounts =
            reactor.core.publisher.Sinks.many().replay().latestOrDefault(0);
    private int entries;
    private long bytes;

    /**
     * Sets {@code key} of {@code code} to {@code value} ({@code null} deletes it) and queues the
     * change for every feed whose filter names {@code code}.
     *
     * @return whether anything changed (an equal value, or deleting a missing key, changes nothing and sends nothing)
     * @throws IllegalStateException past {@link #MAX_ENTRIES} or {@link #MAX_BYTES}
     */
    synchronized boolean publish(String code, String key, JsonNode value) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(key, "key");
        if (code.length() > MAX_CODE_LENGTH) {
            throw new IllegalArgumentException("a code is at most " + MAX_CODE_LENGTH + " characters, got " + code.length());
        }
        if (value != null && value.isNull()) {
            value = null;
        }
        LinkedHashMap<String, JsonNode> byKey = data.get(code);
        JsonNode old = byKey == null ? null : byKey.get(key);
        if (Objects.equals(old, value)) {
            return false;
        }
        if (value != null) {
            value = value.deepCopy(); // the caller's node may change after this: what is held and sent is a copy
        }
        int oldSize = old == null ? 0 : SubscriptionJson.recordSize(code, key, old);
        int newSize = value == null ? 0 : SubscriptionJson.recordSize(code, key, value);
        if (value != null) {
            if (old == null && entries >= MAX_ENTRIES) {
                throw new IllegalStateException("published data is full: " + MAX_ENTRIES + " keys");
            }
            if (bytes - oldSize + newSize > MAX_BYTES) {
                throw new IllegalStateException("published data is full: " + (bytes - oldSize + newSize) + " bytes past the "
                        + MAX_BYTES + " bytes it may hold");
            }
            if (byKey == null) {
                byKey = new LinkedHashMap<>();
                data.put(code, byKey);
            }
            byKey.put(key, value);
            entries += old == null ? 1 : 0;
        } else {
            byKey.remove(key);
            entries--;
            if (byKey.isEmpty()) {
                data.remove(code);
            }
        }
        bytes += newSize - oldSize;
        SubscriptionChange change = new SubscriptionChange(code, key, value);
        int size = value == null ? SubscriptionJson.recordSize(code, key, null) : newSize; // a removal is a record too
        for (SubscriberFeed feed : new ArrayList<>(feeds)) {
            feed.offer(change, size);
        }
        return true;
    }

    /** What the store holds for {@code codes}, in their order: a snapshot. The caller holds the lock. */
    List<SubscriptionChange> snapshot(Set<String> codes) {
        assert Thread.holdsLock(this);
        List<SubscriptionChange> out = new ArrayList<>();
        for (String code : codes) {
            LinkedHashMap<String, JsonNode> byKey = data.get(code);
            if (byKey != null) {
                byKey.forEach((key, value) -> out.add(new SubscriptionChange(code, key, value)));
            }
        }
        return out;
    }

    /** The current value of {@code key} under {@code code}, or {@code null}. */
    synchronized JsonNode get(String code, String key) {
        LinkedHashMap<String, JsonNode> byKey = data.get(code);
        return byKey == null ? null : byKey.get(key);
    }

    /** Registers {@code feed}. The caller holds the lock. */
    void add(SubscriberFeed feed) {
        assert Thread.holdsLock(this);
        if (feeds.add(feed)) {
            subscriberCounts.tryEmitNext(feeds.size()); // serialised by the lock
        }
    }

    /** Forgets {@code feed}. The caller holds the lock. */
    void remove(SubscriberFeed feed) {
        assert Thread.holdsLock(this);
        if (feeds.remove(feed)) {
            subscriberCounts.tryEmitNext(feeds.size());
        }
    }

    /** The subscribed connections now. */
    synchronized int subscribers() {
        return feeds.size();
    }

    /** The number of subscribed connections, now and after every change. */
    reactor.core.publisher.Flux<Integer> subscriberCounts() {
        return subscriberCounts.asFlux();
    }
}
