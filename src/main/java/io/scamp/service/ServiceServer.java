package io.scamp.service;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.scamp.config.StateDirectory;
import io.scamp.connection.EventLoops;
import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.AnnouncementSigner;
import io.scamp.discovery.Announcer;
import io.scamp.connection.Pipelines;
import io.scamp.connection.ScampConnection;
import io.scamp.connection.SharedReceiveBudget;
import io.scamp.tls.ServiceIdentity;
import io.scamp.tls.TlsContexts;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/** A bound, serving {@link ScampService}: listener, accepted connections, graceful stop. */
final class ServiceServer implements RunningService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServiceServer.class);

    private final ScampService service;
    private final ServiceIdentity identity;
    private final EventLoops loops;
    private final Channel listener;
    private final ChannelGroup connections;
    private final String ident;
    /** The provider of the context this server was built with (decided once, at start). */
    private final String tlsProvider;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Published data and subscriptions (SCAMP.md §10). */
    private final ServiceDispatcher dispatcher;
    private final PublishedData published;
    /** The announcement, as last published under code {@code announce}. */
    private volatile AnnouncementSigner.Announcement announcement;
    private final Sinks.One<Void> stopped = Sinks.one();

    private ServiceServer(ScampService service, ServiceIdentity identity, EventLoops loops, Channel listener, ChannelGroup connections,
            String tlsProvider, ServiceDispatcher dispatcher, PublishedData published) {
        this.dispatcher = dispatcher;
        this.published = published;
        this.tlsProvider = tlsProvider;
        this.service = service;
        this.identity = identity;
        this.loops = loops;
        this.listener = listener;
        this.connections = connections;
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        this.ident = service.name + ":" + Base64.getEncoder().encodeToString(random);
    }

    static ServiceServer start(ScampService service) throws InterruptedException {
        ServiceIdentity identity = identityOf(service);
        io.netty.handler.ssl.SslProvider provider = TlsContexts.provider();
        SslContext tls = TlsContexts.server(identity, service.clientCertificates, provider);
        EventLoops loops = EventLoops.create("scamp-" + service.name, service.workers);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        SharedReceiveBudget receiveBudget = new SharedReceiveBudget(service.settings.receiveLimits().totalBytes());
        long handshakeMillis = service.handshakeTimeout.toMillis();
        PublishedData published = new PublishedData();
        ServiceDispatcher dispatcher = new ServiceDispatcher(service.registry, published, service.onNotify, service.subscriberBacklog);
        Channel listener = null;
        try {
            EventLoopGroup boss = loops.serverBossGroup();
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, loops.serverWorkerGroup())
                    .channel(loops.serverSocketChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            Pipelines.configure(ch);
                            Pipelines.install(ch, tls, null, 0, service.settings, dispatcher, handshakeMillis, receiveBudget,
                                    service.metrics.connection(null));
                            connections.add(ch);
                        }
                    });
            listener = PortBinder.bind(bootstrap, service.bindAddress, service.firstPort, service.lastPort, service.bindTries);
            ServiceServer server = new ServiceServer(service, identity, loops, listener, connections, TlsContexts.name(provider),
                    dispatcher, published);
            server.announce();
            server.watchLoops();
            return server;
        } catch (RuntimeException | InterruptedException e) {
            if (listener != null) {
                listener.close().awaitUninterruptibly();
            }
            loops.shutdown().block();
            throw e;
        }
    }

    /** The given identity, a fresh one, or the one kept under the service's name (generated on first use). */
    private static ServiceIdentity identityOf(ScampService service) {
        if (service.identity != null) {
            return service.identity;
        }
        if (service.ephemeralIdentity) {
            return ServiceIdentity.generate(service.name);
        }
        Path directory = service.identityDirectory != null ? service.identityDirectory : StateDirectory.identities();
        return ServiceIdentity.loadOrGenerate(directory, service.name);
    }

    @Override
    public String address() {
        String host = host();
        return service.addressScheme + "://" + io.scamp.wire.HostPort.of(host, port());
    }

    @Override
    public String host() {
        return ((InetSocketAddress) listener.localAddress()).getAddress().getHostAddress();
    }

    @Override
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public String fingerprint() {
        return identity.fingerprint();
    }

    @Override
    public ServiceIdentity identity() {
        return identity;
    }

    @Override
    public String ident() {
        return ident;
    }

    @Override
    public String tlsProvider() {
        return tlsProvider;
    }

    @Override
    public boolean publish(String code, String key, Object value) {
        com.fasterxml.jackson.databind.JsonNode json = value == null ? null
                : value instanceof com.fasterxml.jackson.databind.JsonNode ? (com.fasterxml.jackson.databind.JsonNode) value
                : io.scamp.message.ScampJson.mapper().valueToTree(value);
        return published.publish(code, key, json);
    }

    /** The published value of {@code key} under {@code code}, or {@code null}, for tests. */
    com.fasterxml.jackson.databind.JsonNode publishedValue(String code, String key) {
        return published.get(code, key);
    }

    /** The subscribed connections now, for tests. */
    int subscribers() {
        return dispatcher.subscribers();
    }

    /** Blocks until {@code n} connections are subscribed (a signal from the store, not a poll), for tests. */
    void awaitSubscribers(int n, Duration within) {
        dispatcher.subscriberCounts().filter(count -> count == n).blockFirst(within);
    }

    /** Publishes {@code a}, signed, under code {@code announce}, key {@code ""}, as scamp-js does with each new record. */
    private void publishAnnouncement(AnnouncementSigner.Announcement a) {
        announcement = a;
        published.publish(ANNOUNCE_CODE, "", com.fasterxml.jackson.databind.node.TextNode.valueOf(AnnouncementSigner.sign(a, identity)));
    }

    /** The code under which a service publishes its own announcement record. */
    static final String ANNOUNCE_CODE = "announce";

    @Override
    public Mono<Void> stop() {
        return stop(service.drainTimeout);
    }

    @Override
    public Mono<Void> stop(Duration drainTimeout) {
        java.util.Objects.requireNonNull(drainTimeout, "drainTimeout");
        return Mono.defer(() -> {
            if (stopping.compareAndSet(false, true)) {
                Mono.fromRunnable(() -> drainAndClose(drainTimeout, null)).subscribeOn(Schedulers.boundedElastic()).subscribe();
            }
            return onStopped();
        });
    }

    @Override
    public void dispose() {
        stop().subscribe(null, e -> { });
    }

    /**
     * A loop that ends while the service is not stopping (its thread died, of an
     * {@code OutOfMemoryError} say) would leave the listener accepting connections nobody
     * serves: the service then stops at once and {@link #onStopped()} fails with the reason.
     */
    private void watchLoops() {
        for (io.netty.util.concurrent.EventExecutor loop : loops.serverWorkerGroup()) {
            loop.terminationFuture().addListener(f -> {
                if (!stopping.get()) {
                    loopDied(new IllegalStateException("event loop " + loop + " of service " + ident + " ended unexpectedly"
                            + (f.cause() == null ? "" : ": " + f.cause()), f.cause()));
                }
            });
        }
    }

    private void loopDied(Throwable failure) {
        if (stopping.compareAndSet(false, true)) {
            LOG.error("stopping {}: it can no longer serve", ident, failure);
            Throwable reason = failure;
            Mono.fromRunnable(() -> drainAndClose(Duration.ZERO, reason)).subscribeOn(Schedulers.boundedElastic()).subscribe();
        }
    }

    @Override
    public boolean isDisposed() {
        return stopping.get();
    }

    @Override
    public void close() {
        Mono<Void> stopping = stop();
        if (Schedulers.isInNonBlockingThread()) {
            stopping.subscribe(null, e -> { });
        } else {
            stopping.block();
        }
    }

    @Override
    public Mono<Void> onStopped() {
        return stopped.asMono();
    }

    /** Starts every announcer; if one cannot publish, stops those already started and fails with its reason. */
    private void announce() {
        AnnouncementSigner.Announcement announcement = new AnnouncementSigner.Announcement(ident, service.sector, 1,
                service.announceInterval.toMillis(), announcedAddress(), List.of("json"),
                service.actions().stream().map(a -> new ActionEntry(service.sector, a.name(), a.version(),
                        a.flags().stream().sorted().toList(), List.of("json"))).toList(),
                System.currentTimeMillis() / 1000.0);
        publishAnnouncement(announcement);
        List<Announcer> started = new ArrayList<>();
        try {
            for (Announcer announcer : service.announcers) {
                announcer.start(announcement, identity);
                started.add(announcer);
            }
        } catch (RuntimeException e) {
            started.forEach(Announcer::stop);
            throw e;
        }
    }

    private String announcedAddress() {
        String host = service.announceHost != null ? service.announceHost : host();
        return service.addressScheme + "://" + io.scamp.wire.HostPort.of(host, port());
    }

    /** Drains and closes; {@code failure}, when not null, is what {@link #onStopped()} then fails with. */
    private void drainAndClose(Duration drainTimeout, Throwable failure) {
        try {
            service.announcers.forEach(a -> quietly(a::draining, "announce draining with"));
            AnnouncementSigner.Announcement last = announcement;
            if (last != null) {
                quietly(() -> publishAnnouncement(last.draining(System.currentTimeMillis() / 1000.0)), "publish the draining record to");
            }
            listener.close().awaitUninterruptibly();
            List<Mono<Void>> closing = new ArrayList<>();
            for (Channel ch : connections) {
                ScampConnection connection = ch.pipeline().get(ScampConnection.class);
                if (connection != null) {
                    connection.drain();
                    closing.add(connection.onClose());
                }
            }
            try {
                Mono.when(closing).block(drainTimeout);
            } catch (RuntimeException timedOut) {
                // fall through: whatever is still open is closed below
            }
            connections.close().awaitUninterruptibly();
        } finally {
            service.announcers.forEach(a -> quietly(a::stop, "stop"));
            try {
                loops.shutdown().block();
            } finally {
                if (failure == null) {
                    stopped.tryEmitEmpty();
                } else {
                    stopped.tryEmitError(failure);
                }
            }
        }
    }

    /** Runs an announcer's step; a user's announcer that throws must not keep the service from stopping. */
    private void quietly(Runnable step, String what) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("cannot {} an announcer of {}; stopping anyway", what, ident, e);
        }
    }

    @Override
    public String toString() {
        return "RunningService{" + ident + " at " + address() + ", " + fingerprint() + "}";
    }
}
