package io.scamp.service;

import io.scamp.connection.RequestDispatcher;
import io.scamp.connection.ScampConnection;
import io.scamp.message.MessageHeader;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * A running service's dispatcher: requests go to the service's {@link ActionRegistry}, as they
 * are; {@code subscribe} and {@code notify} messages (SCAMP.md §10) go to the connection's
 * {@link PeerMessages}, made on the first such message and dropped when the connection closes.
 * One per running instance, since published data belongs to the instance.
 */
final class ServiceDispatcher implements RequestDispatcher {
    private final ActionRegistry registry;
    private final PublishedData data;
    private final NotificationHandler onNotify;
    private final long maxBacklog;
    private final ConcurrentHashMap<ScampConnection, PeerMessages> peers = new ConcurrentHashMap<>();
    /** Notifications being read now, across every connection, and how many may be. */
    private final java.util.concurrent.atomic.AtomicInteger notifyReads = new java.util.concurrent.atomic.AtomicInteger();
    private final int maxNotifyReads;

    /**
     * The notifications being read at once across the service by default: their bodies (up to
     * {@link PeerMessages#MAX_NOTIFY_BYTES} each) are held whole and outside the receive budget,
     * so together they may take a sixteenth of the heap, at least 4 and at most 1024 of them.
     */
    static int defaultMaxNotifyReads() {
        return (int) Math.max(4, Math.min(1024, Runtime.getRuntime().maxMemory() / 16 / PeerMessages.MAX_NOTIFY_BYTES));
    }

    ServiceDispatcher(ActionRegistry registry, PublishedData data, NotificationHandler onNotify, long maxBacklog) {
        this(registry, data, onNotify, maxBacklog, defaultMaxNotifyReads());
    }

    ServiceDispatcher(ActionRegistry registry, PublishedData data, NotificationHandler onNotify, long maxBacklog, int maxNotifyReads) {
        this.maxNotifyReads = maxNotifyReads;
        this.registry = registry;
        this.data = data;
        this.onNotify = onNotify;
        this.maxBacklog = maxBacklog;
    }

    @Override
    public Publisher<Reply> dispatch(Request request) {
        return registry.dispatch(request);
    }

    @Override
    public Reply admit(int openOnConnection) {
        return registry.admit(openOnConnection);
    }

    @Override
    public void handlerFinished() {
        registry.handlerFinished();
    }

    @Override
    public void connectionOpened() {
        registry.connectionOpened();
    }

    @Override
    public void connectionClosed() {
        registry.connectionClosed();
    }

    @Override
    public Reply errorReply(Throwable failure) {
        return registry.errorReply(failure);
    }

    @Override
    public boolean onOtherMessage(ScampConnection connection, MessageHeader header, Flux<ByteBuffer> body) {
        boolean subscribe = MessageHeader.TYPE_SUBSCRIBE.equals(header.type());
        if (!subscribe && !MessageHeader.TYPE_NOTIFY.equals(header.type())) {
            return false;
        }
        PeerMessages peer = peers.get(connection);
        if (peer == null) {
            peer = new PeerMessages(connection, new SubscriberFeed(data, connection, maxBacklog), onNotify, notifyReads, maxNotifyReads);
            peers.put(connection, peer);
            PeerMessages added = peer;
            connection.onClose().subscribe(null, null, () -> {
                peers.remove(connection, added);
                added.closed();
            });
        }
        if (subscribe) {
            peer.subscribe(header, body);
        } else {
            peer.notify(header, body);
        }
        return true;
    }

    /** The subscribed connections now, for tests. */
    int subscribers() {
        return data.subscribers();
    }

    /** The subscribed connections, now and after every change, for tests. */
    Flux<Integer> subscriberCounts() {
        return data.subscriberCounts();
    }
}
