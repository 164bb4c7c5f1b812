package io.scamp.service;

import io.scamp.connection.ScampConnection;
import io.scamp.message.Bodies;
import io.scamp.message.MessageHeader;
import io.scamp.message.ScampJson;
import io.scamp.wire.SubscriptionJson;
import java.nio.ByteBuffer;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * The {@code subscribe} and {@code notify} messages of one connection to a service (SCAMP.md
 * §10). Each body is read whole, with a cap, and then acted on in the order the messages came.
 *
 * <p>Bounds, each costing only that message: a {@code subscribe} body over
 * {@link #MAX_FILTER_BYTES}, or one that is not {@code null} or an array of at most 10 strings,
 * is answered {@code subscribe_done false}; a {@code notify} body over
 * {@link #MAX_NOTIFY_BYTES} or not JSON is dropped (logged at WARNING); past
 * {@link #MAX_OPEN} of these messages being read at once on the connection, the next is drained
 * unread (logged), and so charged against the receive budget like any drained message; so is
 * a {@code notify} past the service's count of notifications being read at once across all its
 * connections ({@link ServiceDispatcher#defaultMaxNotifyReads}), since their bodies are held
 * whole outside the receive budget until their EOF. On the connection's event loop.
 */
final class PeerMessages {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeerMessages.class);
    /** The largest filter body read. */
    static final int MAX_FILTER_BYTES = 64 * 1024;
    /** The largest notification body read. */
    static final int MAX_NOTIFY_BYTES = 1024 * 1024;
    /** The most subscribe and notify messages being read at once on one connection. */
    static final int MAX_OPEN = 16;

    private final ScampConnection connection;
    private final SubscriberFeed feed;
    private final NotificationHandler onNotify;
    private int open;
    private final java.util.concurrent.atomic.AtomicInteger notifyReads;
    private final int maxNotifyReads;

    PeerMessages(ScampConnection connection, SubscriberFeed feed, NotificationHandler onNotify,
            java.util.concurrent.atomic.AtomicInteger notifyReads, int maxNotifyReads) {
        this.notifyReads = notifyReads;
        this.maxNotifyReads = maxNotifyReads;
        this.connection = connection;
        this.feed = feed;
        this.onNotify = onNotify;
    }

    void subscribe(MessageHeader header, Flux<ByteBuffer> body) {
        long requestId = header.requestId();
        if (!admit(body, header)) {
            feed.refuse(requestId);
            return;
        }
        Bodies.aggregate(body, MAX_FILTER_BYTES).subscribe(bytes -> {
            open--;
            List<String> codes;
            try {
                codes = SubscriptionJson.readFilter(bytes);
            } catch (IllegalArgumentException e) {
                LOG.debug("[{}] refusing a subscription filter: {}", connection, e.getMessage());
                feed.refuse(requestId);
                return;
            }
            feed.subscribe(codes, requestId);
        }, error -> {
            open--;
            // A body over the cap, or one the peer aborted (TXERR): refused, as scamp-js ignores what it cannot read.
            LOG.debug("[{}] refusing a subscription whose filter could not be read: {}", connection, error.toString());
            feed.refuse(requestId);
        });
    }

    void notify(MessageHeader header, Flux<ByteBuffer> body) {
        if (notifyReads.incrementAndGet() > maxNotifyReads) {
            notifyReads.decrementAndGet();
            LOG.warn("[{}] draining a notify message unread: {} notifications are being read across the service", connection, maxNotifyReads);
            drain(body);
            return;
        }
        if (!admit(body, header)) {
            notifyReads.decrementAndGet();
            return;
        }
        Bodies.aggregate(body, MAX_NOTIFY_BYTES).doFinally(signal -> notifyReads.decrementAndGet()).subscribe(bytes -> {
            open--;
            com.fasterxml.jackson.databind.JsonNode json;
            try {
                json = ScampJson.mapper().readTree(bytes);
            } catch (java.io.IOException e) {
                LOG.warn("[{}] dropping a notification whose body is not JSON: {}", connection, e.getMessage());
                return;
            }
            if (json == null || json.isMissingNode()) {
                LOG.warn("[{}] dropping a notification with an empty body", connection);
                return;
            }
            deliver(new Notification(header, json));
        }, error -> {
            open--;
            LOG.warn("[{}] dropping a notification that could not be read: {}", connection, error.toString());
        });
    }

    private void deliver(Notification notification) {
        if (onNotify == null) {
            LOG.debug("[{}] dropping a notification: this service has no onNotify handler", connection);
            return;
        }
        try {
            onNotify.onNotify(notification);
        } catch (RuntimeException e) {
            LOG.error("[{}] the onNotify handler failed", connection, e);
        }
    }

    /** Whether another message may be read now; if not, its body is drained unread. */
    private boolean admit(Flux<ByteBuffer> body, MessageHeader header) {
        if (open >= MAX_OPEN) {
            LOG.warn("[{}] draining a {} message unread: {} of them are being read on this connection already", connection, header.type(), MAX_OPEN);
            drain(body);
            return false;
        }
        open++;
        return true;
    }

    /** Cancels {@code body}: the connection drains the rest of the message unread. */
    private static void drain(Flux<ByteBuffer> body) {
        body.subscribe(new reactor.core.publisher.BaseSubscriber<ByteBuffer>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                s.cancel();
            }
        });
    }

    void closed() {
        feed.closed();
    }
}
