package io.scamp.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.connection.RequestDispatcher;
import io.scamp.connection.ScampConnection;
import io.scamp.message.Bodies;
import io.scamp.message.MessageHeader;
import io.scamp.message.SubscriptionChange;
import io.scamp.message.SubscriptionRefusedException;
import io.scamp.wire.SubscriptionJson;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One subscriber of {@link ScampClient#subscribe}: a connection of its own to the service (the
 * service keeps one filter per connection, SCAMP.md §10), a {@code subscribe} on it, and the
 * states built from its events. After a loss it reconnects with truncated exponential backoff
 * ({@link #MIN_BACKOFF} doubling to {@link #MAX_BACKOFF}, back to the minimum once a
 * snapshot of the service has been taken in (scamp-js: {@code TruncBackoff(50, 10000)}, reset on acceptance; a snapshot we refuse would then be fetched every 50 ms), and the service's new
 * snapshot becomes one {@link SubscriptionState.Kind#RESYNC} state. Cancelling sends the
 * unsubscribe ({@code null}) and closes the connection once it is written.
 *
 * <p>States are emitted only on demand: while the subscriber asks for none, events still apply
 * and the next state covers them all (so this holds two states at most, whatever the pace).
 * State changes are guarded by this object; emission is serialized by a work counter.
 */
final class SubscriptionSession implements EventInbox.Listener {
    static final Duration MIN_BACKOFF = Duration.ofMillis(50);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** The most keys a subscription holds; past it the connection fails (and the subscription reconnects). */
    static final int MAX_KEYS = 100_000;
    private static final MessageHeader EMPTY = MessageHeader.builder().build();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SubscriptionSession.class);

    private final Function<RequestDispatcher, Mono<ScampConnection>> connector;
    private final String target;
    private final List<String> codes;
    private final FluxSink<SubscriptionState> sink;
    /** Whether the client is shutting down: then a loss ends the subscription instead of a reconnect. */
    private final java.util.function.BooleanSupplier clientClosed;
    private final AtomicInteger wip = new AtomicInteger();

    private Map<String, Map<String, JsonNode>> current;
    private Map<String, Map<String, JsonNode>> emitted;
    private SubscriptionState.Kind pending;
    /** Whether the first snapshot has come. */
    private boolean started;
    private Duration backoff = MIN_BACKOFF;
    private ScampConnection connection;
    private Disposable connecting;
    private boolean closed;
    /** Set when this side failed the connection over what it sent: its remaining events are not applied. */
    private boolean discarding;

    SubscriptionSession(Function<RequestDispatcher, Mono<ScampConnection>> connector, String target, List<String> codes,
            FluxSink<SubscriptionState> sink, java.util.function.BooleanSupplier clientClosed) {
        this.clientClosed = clientClosed;
        this.connector = connector;
        this.target = target;
        this.codes = codes;
        this.sink = sink;
        Map<String, Map<String, JsonNode>> empty = new LinkedHashMap<>();
        codes.forEach(c -> empty.put(c, Map.of()));
        this.current = java.util.Collections.unmodifiableMap(empty);
        this.emitted = current;
        sink.onRequest(n -> emit());
        sink.onDispose(this::cancel);
    }

    synchronized void start() {
        if (closed) {
            return;
        }
        EventInbox inbox = new EventInbox(this);
        connecting = connector.apply(inbox).subscribe(this::connected, this::lost);
    }

    private synchronized void connected(ScampConnection c) {
        if (closed) {
            c.close();
            return;
        }
        connection = c;
        discarding = false;
        c.keepOpen(true);
        c.onClose().subscribe(null, null, () -> lost(c.closeCause()));
        c.sendMessage(EMPTY, MessageHeader.TYPE_SUBSCRIBE, 1, Bodies.bytes(SubscriptionJson.filter(codes)), failure -> { });
    }

    private void lost(Throwable cause) {
        Duration wait;
        boolean ending;
        synchronized (this) {
            if (closed) {
                return;
            }
            connection = null;
            ending = clientClosed.getAsBoolean();
            closed = ending;
            wait = backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        if (ending) {
            sink.error(new io.scamp.message.TransportException("client is closed", false, cause));
            return;
        }
        LOG.info("subscription to {} lost ({}); reconnecting in {} ms", target, cause, wait.toMillis());
        Disposable timer = Mono.delay(wait, Schedulers.parallel()).subscribe(t -> start());
        synchronized (this) {
            connecting = timer;
            if (closed) {
                timer.dispose();
            }
        }
    }

    @Override
    public void subscribeDone(boolean accepted) {
        if (!accepted) {
            if (!markClosed()) {
                return;
            }
            ScampConnection c = connection();
            if (c != null) {
                c.close();
            }
            sink.error(new SubscriptionRefusedException("the service at " + target + " refused the subscription to " + codes));
            return;
        }
    }

    @Override
    public void event(List<SubscriptionChange> changes, boolean snapshot) {
        synchronized (this) {
            if (closed || discarding) {
                return;
            }
            Map<String, Map<String, JsonNode>> next = new LinkedHashMap<>(current);
            if (snapshot) {
                codes.forEach(c -> next.put(c, Map.of()));
            }
            Map<String, LinkedHashMap<String, JsonNode>> touched = new LinkedHashMap<>();
            for (SubscriptionChange change : changes) {
                if (!codes.contains(change.code())) {
                    continue; // not asked for: a service's own business
                }
                LinkedHashMap<String, JsonNode> byKey = touched.computeIfAbsent(change.code(),
                        c -> new LinkedHashMap<>(next.getOrDefault(c, Map.of())));
                if (change.value() == null) {
                    byKey.remove(change.key());
                } else {
                    byKey.put(change.key(), change.value());
                }
            }
            touched.forEach((code, byKey) -> next.put(code, java.util.Collections.unmodifiableMap(byKey)));
            int held = next.values().stream().mapToInt(Map::size).sum();
            if (held > MAX_KEYS) {
                discarding = true; // events of this connection already received are not applied either
                if (connection != null) {
                    connection.abort(new io.scamp.message.ProtocolException(io.scamp.message.ProtocolViolation.EVENT_BACKLOG,
                            "the subscribed data passed " + MAX_KEYS + " keys"));
                }
                return; // not applied: the state stays what it was, and the subscription reconnects
            }
            current = java.util.Collections.unmodifiableMap(next);
            if (snapshot) {
                // Only a snapshot taken in resets the backoff: a service whose snapshot we refuse
                // (too many keys, too many bytes, malformed) is retried ever more slowly, not every 50 ms.
                backoff = MIN_BACKOFF;
            }
            SubscriptionState.Kind kind = !snapshot ? SubscriptionState.Kind.CHANGE
                    : started ? SubscriptionState.Kind.RESYNC : SubscriptionState.Kind.SNAPSHOT;
            started = true;
            // Not yet emitted: the earlier kind wins (a snapshot not yet seen stays the snapshot).
            pending = pending == null || kind.compareTo(pending) < 0 ? kind : pending;
        }
        emit();
    }

    /** Emits the next state if one is due and the subscriber asked for it. */
    private void emit() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            SubscriptionState next = null;
            synchronized (this) {
                if (pending != null && !closed && sink.requestedFromDownstream() > 0) {
                    List<SubscriptionChange> changes = SubscriptionState.diff(emitted, current);
                    if (!changes.isEmpty() || pending == SubscriptionState.Kind.SNAPSHOT) {
                        next = new SubscriptionState(current, changes, pending);
                        emitted = current;
                    }
                    pending = null;
                }
            }
            if (next != null) {
                sink.next(next);
            }
        } while (wip.decrementAndGet() != 0);
    }

    /**
     * Ends the session once: no reconnect is pending or started after it ({@link #connected}
     * closes a connection that comes in later). Returns whether it was still open.
     */
    private synchronized boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        if (connecting != null) {
            connecting.dispose();
        }
        return true;
    }

    private synchronized ScampConnection connection() {
        return connection;
    }

    /** The subscriber cancelled (or the Flux ended): unsubscribe, and close the connection once that is written. */
    private void cancel() {
        if (!markClosed()) {
            return;
        }
        ScampConnection c = connection();
        if (c != null) {
            c.keepOpen(false);
            c.sendMessage(EMPTY, MessageHeader.TYPE_SUBSCRIBE, 2, Bodies.bytes(SubscriptionJson.filter(null)), failure -> c.close());
        }
    }
}
