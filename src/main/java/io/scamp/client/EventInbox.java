package io.scamp.client;

import io.scamp.connection.RequestDispatcher;
import io.scamp.connection.ScampConnection;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.SubscriptionChange;
import io.scamp.wire.SubscriptionJson;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * The dispatcher of one subscription connection (SCAMP.md §10): reads each {@code subscribe_done}
 * and {@code event} body whole and hands them to the {@link Listener} in the order their HEADERs
 * came, whatever order the bodies end in. The first event is the snapshot, whether it comes
 * after {@code subscribe_done} (as the spec and our service send it) or before it (as scamp-js
 * sends it). Requests from the service get {@code not_found}.
 *
 * <p>Bounds: at most {@link #MAX_OPEN} such messages open at once and {@link #MAX_BYTES} of
 * their bodies held; past either, or for a body that is not what SCAMP.md §10 says, the
 * connection is failed with a {@link ProtocolException} ({@link ProtocolViolation#EVENT_BACKLOG}
 * or {@link ProtocolViolation#MALFORMED_EVENT}), and the subscription reconnects. On the
 * connection's event loop.
 */
final class EventInbox implements RequestDispatcher {
    /** The most event and subscribe_done messages open at once (scamp-js opens one per change in a burst). */
    static final int MAX_OPEN = 4096;
    /** The most bytes of their bodies held at once: the largest snapshot a subscriber takes. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    /** What the subscription learns, in order. */
    interface Listener {
        /** {@code subscribe_done}: whether the service took the filter. */
        void subscribeDone(boolean accepted);

        /** An event; {@code snapshot} for the first on the connection. */
        void event(List<SubscriptionChange> changes, boolean snapshot);
    }

    private final Listener listener;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private long held;
    private boolean snapshotSeen;
    private boolean failed;
    private ScampConnection connection;

    EventInbox(Listener listener) {
        this.listener = listener;
    }

    @Override
    public Publisher<Reply> dispatch(Request request) {
        return NONE.dispatch(request);
    }

    @Override
    public boolean answersRequests() {
        return false; // a subscriber: it reads on while its own output waits, as any requester does
    }

    @Override
    public boolean onOtherMessage(ScampConnection connection, MessageHeader header, Flux<ByteBuffer> body) {
        boolean done = MessageHeader.TYPE_SUBSCRIBE_DONE.equals(header.type());
        if (!done && !MessageHeader.TYPE_EVENT.equals(header.type())) {
            return false;
        }
        this.connection = connection;
        if (failed) {
            return false; // drained
        }
        if (slots.size() >= MAX_OPEN) {
            fail(new ProtocolException(ProtocolViolation.EVENT_BACKLOG, "more than " + MAX_OPEN + " event messages open at once"));
            return false;
        }
        Slot slot = new Slot(done);
        slots.add(slot);
        body.subscribe(slot);
        return true;
    }

    private void fail(ProtocolException e) {
        if (!failed) {
            failed = true;
            slots.forEach(Slot::dispose);
            slots.clear();
            connection.abort(e);
        }
    }

    /** Hands over the finished messages at the head, in order. */
    private void deliver() {
        Slot head;
        while (!failed && (head = slots.peek()) != null && head.ended) {
            slots.poll();
            held -= head.bytes.size();
            byte[] body = head.bytes.toByteArray();
            try {
                if (head.done) {
                    listener.subscribeDone(SubscriptionJson.readDone(body));
                } else {
                    List<SubscriptionChange> changes = SubscriptionJson.readEvent(body);
                    boolean snapshot = !snapshotSeen;
                    snapshotSeen = true;
                    listener.event(changes, snapshot);
                }
            } catch (ProtocolException e) {
                fail(e);
            }
        }
    }

    /** One message's body, gathered. */
    private final class Slot extends BaseSubscriber<ByteBuffer> {
        final boolean done;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ended;

        Slot(boolean done) {
            this.done = done;
        }

        @Override
        protected void hookOnSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE); // bounded by MAX_BYTES below, not by the window
        }

        @Override
        protected void hookOnNext(ByteBuffer b) {
            held += b.remaining();
            if (held > MAX_BYTES) {
                fail(new ProtocolException(ProtocolViolation.EVENT_BACKLOG, "event bodies past " + MAX_BYTES + " bytes held at once"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.duplicate().get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }

        @Override
        protected void hookOnComplete() {
            ended = true;
            deliver();
        }

        @Override
        protected void hookOnError(Throwable t) {
            // The service aborted the message (TXERR) or the connection is gone: what it would have said is lost,
            // so the subscription starts again from a snapshot.
            if (!failed) {
                fail(new ProtocolException(ProtocolViolation.MALFORMED_EVENT, "an event message ended without its body: " + t.getMessage()));
            }
        }
    }
}
