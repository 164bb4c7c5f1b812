package io.scamp.service;

import io.scamp.connection.ConnectionSettings;
import io.scamp.tls.ServiceIdentity;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A SCAMP service: a set of actions served over TLS. Immutable once built; {@link #start()}
 * binds a port and returns a {@link RunningService}. Handlers run on the connection's event
 * loop: return quickly, and move blocking work elsewhere ({@code subscribeOn}).
 *
 * <pre>{@code
 * RunningService running = ScampService.builder()
 *     .name("greeter")
 *     .action("Greeter.hello", 1, req -> req.bodyAsJson(Map.class).map(m -> Reply.json(Map.of("hi", m.get("name")))))
 *     .build()
 *     .start()
 *     .block();
 * }</pre>
 */
public final class ScampService {
    final String name;
    final String sector;
    final ServiceIdentity identity;
    final boolean ephemeralIdentity;
    final java.nio.file.Path identityDirectory;
    final String bindAddress;
    final int firstPort;
    final int lastPort;
    final int bindTries;
    final ConnectionSettings settings;
    final Duration drainTimeout;
    final Duration handshakeTimeout;
    final int workers;
    final ActionRegistry registry;
    final List<io.scamp.discovery.Announcer> announcers;
    final String announceHost;
    final String addressScheme;
    final Duration announceInterval;
    final java.util.function.Predicate<String> clientCertificates;
    final NotificationHandler onNotify;
    final long subscriberBacklog;
    /** What its connections report to; {@link io.scamp.metrics.ScampMetrics#NONE} without a registry. */
    final io.scamp.metrics.ScampMetrics metrics;

    ScampService(ScampServiceBuilder b) {
        this.name = b.name;
        this.sector = b.sector;
        this.identity = b.identity;
        this.ephemeralIdentity = b.ephemeralIdentity;
        this.identityDirectory = b.identityDirectory;
        this.bindAddress = b.bindAddress;
        this.firstPort = b.firstPort;
        this.lastPort = b.lastPort;
        this.bindTries = b.bindTries;
        this.settings = new ConnectionSettings(b.maxInflight, b.idleTimeout, Duration.ZERO, b.receiveLimits, b.windowLimits);
        this.drainTimeout = b.drainTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.workers = b.workers;
        this.registry = new ActionRegistry(b.actions, b.authorization, b.errorReplies, b.maxRequestsPerConnection, b.maxRunningHandlers,
                b.dispatchObserver());
        this.announcers = List.copyOf(b.announcers);
        this.announceHost = b.announceHost;
        this.addressScheme = b.addressScheme;
        this.announceInterval = b.announceInterval;
        this.clientCertificates = b.clientCertificates;
        this.onNotify = b.onNotify;
        this.subscriberBacklog = b.subscriberBacklog;
        this.metrics = b.meterRegistry == null ? io.scamp.metrics.ScampMetrics.NONE
                : io.scamp.metrics.MicrometerMetrics.service(b.meterRegistry, registry.actions(), registry::find);
    }

    /**
     * Starts configuring a service; see {@link ScampServiceBuilder} for the settings and their
     * defaults.
     *
     * @return a new builder
     */
    public static ScampServiceBuilder builder() {
        return new ScampServiceBuilder();
    }

    /**
     * The service name, the first part of every running instance's ident.
     *
     * @return the name given to the builder, {@code scamp} by default
     */
    public String name() {
        return name;
    }

    /**
     * The sector the service's actions are announced in.
     *
     * @return the sector given to the builder, {@code main} by default
     */
    public String sector() {
        return sector;
    }

    /**
     * The registered actions.
     *
     * @return an immutable list of the actions, in the order they were registered
     */
    public List<ActionSpec> actions() {
        return registry.actions();
    }

    /**
     * Binds a port, starts serving and announcing; emits the running service once it listens
     * and its announcers have published it. The identity is loaded or generated first if none
     * was given (see {@link ScampServiceBuilder#identity}). Fails, with nothing left running,
     * when no port can be bound or an announcer cannot publish (an unwritable cache file, a
     * multicast interface that cannot send): a service nobody can find is not started.
     * Binding and key generation block, so they run on {@link Schedulers#boundedElastic()}.
     * Each subscription starts another instance (with its own ident) of this service; they
     * share the builder's announcers, which hold one announcement each, so subscribe once to a
     * service that has announcers.
     *
     * @return a {@code Mono} that emits the running service; it fails with
     *     {@link io.scamp.message.TransportException} when no port could be bound,
     *     {@link io.scamp.discovery.DiscoveryException} when an announcer cannot publish,
     *     {@link io.scamp.tls.IdentityException} when the identity cannot be loaded, generated
     *     or saved, and {@link IllegalStateException} for a bad
     *     {@link io.scamp.tls.TlsContexts#PROVIDER_PROPERTY}
     */
    public Mono<RunningService> start() {
        return Mono.fromCallable(() -> (RunningService) ServiceServer.start(this))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
