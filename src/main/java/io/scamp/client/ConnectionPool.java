package io.scamp.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.scamp.connection.ConnectionSettings;
import io.scamp.connection.EventLoops;
import io.scamp.connection.Pipelines;
import io.scamp.connection.RequestDispatcher;
import io.scamp.connection.ScampConnection;
import io.scamp.connection.SharedReceiveBudget;
import io.scamp.message.TransportException;
import io.scamp.tls.TlsContexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * One multiplexed connection per {@link Endpoint}, opened on first use and shared by every
 * request to it; a connection that closes leaves the pool and the next request opens a new
 * one. Concurrent first requests share a single connection attempt.
 */
final class ConnectionPool {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectionPool.class);

    private final EventLoops loops;
    private final EventLoopGroup group;
    private final ConnectionSettings settings;
    /** What all of this client's connections may hold of received, unconsumed bytes. */
    private final SharedReceiveBudget receiveBudget;
    private final Duration connectTimeout;
    private final ConcurrentHashMap<Endpoint, Entry> entries = new ConcurrentHashMap<>();
    /** Connections of their own (subscriptions), outside the pool, closed with it. */
    private final java.util.Set<ScampConnection> dedicated = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, SslContext> tlsByFingerprint = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private final io.scamp.tls.ServiceIdentity identity;
    /** What the pool's connections and connects report to (docs/observability.md). */
    private final io.scamp.metrics.ScampMetrics metrics;
    /** Decided once: every context of this pool is built on it. */
    private final io.netty.handler.ssl.SslProvider provider = TlsContexts.provider();

    ConnectionPool(EventLoops loops, ConnectionSettings settings, Duration connectTimeout, io.scamp.tls.ServiceIdentity identity,
            io.scamp.metrics.ScampMetrics metrics) {
        this.identity = identity;
        this.metrics = metrics;
        this.loops = loops;
        this.group = loops.clientGroup();
        this.settings = settings;
        this.receiveBudget = new SharedReceiveBudget(settings.receiveLimits().totalBytes());
        this.connectTimeout = connectTimeout;
    }

    /**
     * The pooled connection to {@code endpoint} if one is up and usable, else {@code null}:
     * the fast path of every call after the first, without building a reactive chain.
     */
    ScampConnection usableConnection(Endpoint endpoint) {
        Entry entry = entries.get(endpoint);
        ScampConnection c = entry == null ? null : entry.ready;
        return c != null && c.isUsable() ? c : null;
    }

    /** A ready connection to {@code endpoint}, reusing the pooled one while it is usable. */
    Mono<ScampConnection> acquire(Endpoint endpoint) {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.error(new TransportException("client is closed", true));
            }
            Entry entry = entries.computeIfAbsent(endpoint, Entry::new);
            if (closed) {
                // closeAsync ran between the check above and the insertion: it may not have seen this entry
                entries.remove(endpoint, entry);
                entry.abort();
                return Mono.error(new TransportException("client is closed", true));
            }
            return entry.connection.flatMap(c -> {
                if (c.isUsable()) {
                    return Mono.just(c);
                }
                entries.remove(endpoint, entry);
                return acquire(endpoint);
            });
        });
    }

    /**
     * A new connection to {@code endpoint} that is not pooled: a subscription's (SCAMP.md §10: a
     * service keeps one filter per connection). It has {@code dispatcher} for what the service
     * sends, and {@code heartbeat} as its heartbeat; it is closed with the pool.
     */
    Mono<ScampConnection> openDedicated(Endpoint endpoint, RequestDispatcher dispatcher, Duration heartbeat) {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.error(new TransportException("client is closed", true));
            }
            return connect(endpoint, null, settings.withHeartbeat(heartbeat), dispatcher).doOnNext(c -> {
                dedicated.add(c);
                c.onClose().subscribe(null, null, () -> dedicated.remove(c));
                if (closed) {
                    c.close();
                }
            });
        });
    }

    /**
     * Refuses new connections and closes every pooled one (requests still open fail with a
     * transport error); a connection attempt in progress is aborted (its socket closed). Completes
     * when all of them have closed.
     */
    Mono<Void> closeAsync() {
        closed = true;
        List<Mono<Void>> closing = new ArrayList<>();
        for (Entry entry : new ArrayList<>(entries.values())) {
            entry.abort();
            closing.add(entry.connection
                    .flatMap(c -> {
                        c.close();
                        return c.onClose();
                    })
                    .onErrorResume(e -> Mono.empty()));
        }
        entries.clear();
        for (ScampConnection c : new ArrayList<>(dedicated)) {
            c.close();
            closing.add(c.onClose());
        }
        return Mono.when(closing);
    }

    /** {@code "openssl"} or {@code "jdk"}: the provider every connection of this pool uses. */
    String tlsProvider() {
        return TlsContexts.name(provider);
    }

    private SslContext tls(Endpoint endpoint) {
        String key = endpoint.fingerprint() == null ? "" : endpoint.fingerprint();
        return tlsByFingerprint.computeIfAbsent(key, k -> TlsContexts.client(endpoint.fingerprint(), identity, provider));
    }

    /** A pooled connection attempt and, once up, the connection. */
    private final class Entry {
        final Mono<ScampConnection> connection;
        /** The connection once it is up (set before {@link #connection} emits it). */
        volatile ScampConnection ready;
        /** The channel while it connects and shakes hands, for {@link #abort()}. */
        volatile io.netty.channel.Channel attempt;

        Entry(Endpoint endpoint) {
            this.connection = connect(endpoint, this, settings, RequestDispatcher.NONE)
                    .doOnError(e -> entries.remove(endpoint, this))
                    .doOnNext(c -> {
                        ready = c;
                        c.onClose().subscribe(null, e -> entries.remove(endpoint, this), () -> entries.remove(endpoint, this));
                        if (closed) {
                            c.close(); // up after the client closed: closeAsync may have missed it
                        }
                    })
                    .cache();
        }

        /** Closes the connection or the socket of the attempt still in progress. */
        void abort() {
            ScampConnection c = ready;
            io.netty.channel.Channel channel = attempt;
            if (c != null) {
                c.close();
            } else if (channel != null) {
                channel.close();
            }
        }
    }

    /**
     * One connection attempt: TCP connect, TLS handshake and the fingerprint check, bounded
     * together by the connect timeout (one timer from the start of the attempt, not one per
     * phase); past it the attempt's channel is closed and it fails with a dispatch-failure
     * {@link TransportException}.
     */
    private Mono<ScampConnection> connect(Endpoint endpoint, Entry entry, ConnectionSettings settings, RequestDispatcher dispatcher) {
        return Mono.<ScampConnection>create(sink -> {
            if (endpoint.fingerprint() == null) {
                LOG.warn("connecting to {} without a pinned fingerprint: any certificate is accepted", endpoint.address());
            }
            SslContext tls = tls(endpoint);
            ScampConnection[] installed = new ScampConnection[1];
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(loops.socketChannel())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            Pipelines.configure(ch);
                            // No handshake timer of its own: the attempt's timeout below covers TCP and TLS together.
                            installed[0] = Pipelines.install(ch, tls, endpoint.host(), endpoint.port(), settings,
                                    dispatcher, 0, receiveBudget, metrics.connection(endpoint.address()));
                        }
                    });
            long connectStarted = metrics.connectStarted();
            ChannelFuture future = bootstrap.connect(endpoint.host(), endpoint.port());
            if (entry != null) {
                entry.attempt = future.channel();
            }
            Disposable.Swap awaitingReady = Disposables.swap();
            sink.onCancel(() -> {
                // Timed out (or abandoned) in either phase: stop waiting, and close what is connected or connecting.
                awaitingReady.dispose();
                future.cancel(false);
                future.channel().close();
            });
            future.addListener(f -> {
                metrics.connectEnded(connectStarted, f.isSuccess());
                if (!f.isSuccess()) {
                    sink.error(new TransportException("cannot connect to " + endpoint.address() + ": " + f.cause().getMessage(), true, f.cause()));
                    return;
                }
                ScampConnection connection = installed[0];
                awaitingReady.update(connection.ready().subscribe(null, sink::error, () -> sink.success(connection)));
            });
        }).timeout(connectTimeout, Mono.error(() -> new TransportException("cannot connect to " + endpoint.address()
                + ": no connection within the connect timeout of " + connectTimeout.toMillis() + " ms (TCP and TLS together)", true)));
    }
}
