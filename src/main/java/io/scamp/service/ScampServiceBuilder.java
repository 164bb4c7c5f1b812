package io.scamp.service;

import io.scamp.config.StateDirectory;
import io.scamp.connection.ConnectionSettings;
import io.scamp.connection.ReceiveLimits;
import io.scamp.tls.ServiceIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Configures a {@link ScampService}. Defaults follow SCAMP.md §1, §4 and §6. */
public final class ScampServiceBuilder {
    String name = "scamp";
    String sector = "main";
    ServiceIdentity identity;
    boolean ephemeralIdentity;
    Path identityDirectory;
    String bindAddress = "127.0.0.1";
    int firstPort = 30100;
    int lastPort = 30399;
    int bindTries = 20;
    int maxInflight = ConnectionSettings.DEFAULT_MAX_INFLIGHT;
    ReceiveLimits receiveLimits = ReceiveLimits.defaults();
    io.scamp.connection.WindowLimits windowLimits = io.scamp.connection.WindowLimits.defaults();
    int maxRequestsPerConnection = DEFAULT_MAX_REQUESTS_PER_CONNECTION;
    int maxRunningHandlers = defaultMaxRunningHandlers();
    Duration idleTimeout = Duration.ofSeconds(120);
    Duration drainTimeout = Duration.ofSeconds(30);
    Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    int workers = io.scamp.connection.EventLoops.defaultWorkers();
    final List<ActionSpec> actions = new ArrayList<>();
    final List<io.scamp.discovery.Announcer> announcers = new ArrayList<>();
    String announceHost;
    String addressScheme = io.scamp.config.ScampConfig.BEEPISH_TLS;
    io.scamp.auth.ServiceAuthorization authorization;
    java.util.function.Predicate<String> clientCertificates;
    Duration announceInterval = Duration.ofSeconds(5);
    ErrorReplyMapper errorReplies = ErrorReplyMapper.neutral();
    NotificationHandler onNotify;
    long subscriberBacklog = DEFAULT_SUBSCRIBER_BACKLOG;
    /** Typed as Micrometer's, but only read when set: Micrometer is loaded only if {@link #metrics} was called. */
    io.micrometer.core.instrument.MeterRegistry meterRegistry;
    io.micrometer.observation.ObservationRegistry observationRegistry;
    io.scamp.observation.ScampServerObservationConvention observationConvention;

    ScampServiceBuilder() {
    }

    /**
     * The service name, used in its ident ({@code name:...}) and for its generated identity.
     * It also names the identity files ({@code NAME.crt}, {@code NAME.key}) and the event-loop
     * threads ({@code scamp-NAME-*}).
     *
     * @param name the name, {@code scamp} by default; not blank, without {@code :}
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is null, blank or contains {@code :}
     */
    public ScampServiceBuilder name(String name) {
        if (name == null || name.isBlank() || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad service name: " + name);
        }
        this.name = name;
        return this;
    }

    /**
     * The sector its actions are announced in (default {@code main}). Requesters look actions
     * up by sector, so only those asking for this one find them.
     *
     * @param sector the sector name
     * @return this builder
     * @throws NullPointerException if {@code sector} is null
     */
    public ScampServiceBuilder sector(String sector) {
        this.sector = Objects.requireNonNull(sector, "sector");
        return this;
    }

    /**
     * The TLS identity the service presents and signs its announcements with. Without one (and
     * without {@link #ephemeralIdentity()}), the service uses the identity kept under its
     * {@link #name(String) name} in the identity directory ({@code STATE/identity/NAME.crt} and
     * {@code NAME.key}, see {@link #identityDirectory(Path)}), generating and saving a
     * self-signed one on first start: its fingerprint then stays the same across restarts, so
     * clients that pinned it keep reaching it. The {@code scamp} command does the same.
     *
     * @param identity the certificate and private key to present; replaces an earlier
     *     {@link #ephemeralIdentity()}
     * @return this builder
     * @throws NullPointerException if {@code identity} is null
     */
    public ScampServiceBuilder identity(ServiceIdentity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.ephemeralIdentity = false;
        return this;
    }

    /**
     * A new self-signed identity generated on every start and saved nowhere (tests, throw-away
     * services): the fingerprint changes with each start.
     *
     * @return this builder; replaces an identity given earlier
     */
    public ScampServiceBuilder ephemeralIdentity() {
        this.identity = null;
        this.ephemeralIdentity = true;
        return this;
    }

    /**
     * Where a service without an explicit identity keeps it: {@code NAME.crt} and
     * {@code NAME.key} in {@code directory} (default {@link StateDirectory#identities()},
     * {@code $SCAMP_STATE_DIR/identity}, else {@code $XDG_STATE_HOME/scamp/identity}, else
     * {@code ~/.local/state/scamp/identity}).
     *
     * @param directory the directory, created on first start if missing; unused when an
     *     identity is given or {@link #ephemeralIdentity()} is set
     * @return this builder
     * @throws NullPointerException if {@code directory} is null
     */
    public ScampServiceBuilder identityDirectory(Path directory) {
        this.identityDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * The address to bind (default {@code 127.0.0.1}): only local clients reach a service on
     * loopback.
     *
     * @param host an IP address or host name; {@code 0.0.0.0} binds every IPv4 interface
     *     (then set {@link #announceAddress} so others get a reachable address)
     * @return this builder
     * @throws NullPointerException if {@code host} is null
     */
    public ScampServiceBuilder bindAddress(String host) {
        this.bindAddress = Objects.requireNonNull(host, "host");
        return this;
    }

    /**
     * Bind exactly this port; 0 lets the system pick a free one. Replaces the port range and
     * tries once: starting fails if the port is taken.
     *
     * @param port the port, 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     */
    public ScampServiceBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.firstPort = port;
        this.lastPort = port;
        this.bindTries = 1;
        return this;
    }

    /**
     * Bind a random port in {@code first..last}, retrying on "address in use" up to {@code tries} times (default 30100..30399, 20).
     * Each try picks a port at random again; after the last, starting fails with a
     * {@link io.scamp.message.TransportException}.
     *
     * @param first the lowest port, at least 1
     * @param last the highest port, at most 65535 and not below {@code first}
     * @param tries how many binds to attempt, at least 1
     * @return this builder
     * @throws IllegalArgumentException if the range is empty or out of 1 to 65535, or
     *     {@code tries} is less than 1
     */
    public ScampServiceBuilder portRange(int first, int last, int tries) {
        if (first < 1 || last > 65535 || first > last || tries < 1) {
            throw new IllegalArgumentException("bad port range " + first + ".." + last + " with " + tries + " tries");
        }
        this.firstPort = first;
        this.lastPort = last;
        this.bindTries = tries;
        return this;
    }

    /**
     * The per-message window of unacknowledged bytes ({@code flow.max_inflight}, 65536): a
     * reply body pauses when this many of its bytes are not yet acknowledged.
     *
     * @param bytes the window in bytes, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     */
    public ScampServiceBuilder maxInflight(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxInflight must be positive");
        }
        this.maxInflight = bytes;
        return this;
    }

    /**
     * Whether send windows adapt to the path ({@code flow.adaptive}, true): a message's window
     * starts at {@link #maxInflight} and grows while the peer's ACKs show the window, not the
     * peer, is what limits it (docs/design.md, "Adaptive send window"). {@code false} keeps
     * every window at {@link #maxInflight}.
     *
     * @param adaptive whether windows grow
     * @return this builder
     */
    public ScampServiceBuilder adaptiveWindow(boolean adaptive) {
        this.windowLimits = new io.scamp.connection.WindowLimits(adaptive, windowLimits.maxWindow(), windowLimits.connectionWindow());
        return this;
    }

    /**
     * How far adaptive windows may grow: {@code perMessage} for one message
     * ({@code flow.max_window}, 16 MiB) and {@code perConnection} for the windows of one
     * connection's messages together ({@code flow.connection_window}, 64 MiB); every message
     * keeps at least {@link #maxInflight}.
     *
     * @param perMessage the largest window of a message, bytes, at least 1
     * @param perConnection the sum of a connection's windows, bytes, at least {@code perMessage}
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public ScampServiceBuilder maxWindow(int perMessage, long perConnection) {
        this.windowLimits = new io.scamp.connection.WindowLimits(windowLimits.adaptive(), perMessage, perConnection);
        return this;
    }

    /** All window limits at once (from a configuration). */
    ScampServiceBuilder windowLimits(io.scamp.connection.WindowLimits limits) {
        this.windowLimits = java.util.Objects.requireNonNull(limits, "limits");
        return this;
    }

    /**
     * Idle connections are closed after this ({@code beepish.server_timeout}, 120 s); zero keeps them.
     * A connection is idle while no message is open on it and no handler is running.
     *
     * @param timeout how long a connection may stay idle; zero (or negative) keeps idle
     *     connections open
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     */
    public ScampServiceBuilder idleTimeout(Duration timeout) {
        this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * How long {@link RunningService#stop()} lets open requests finish (30 s). Past it the
     * connections still open are closed, failing their requests.
     *
     * @param timeout the longest drain; zero closes the connections at once
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     */
    public ScampServiceBuilder drainTimeout(Duration timeout) {
        this.drainTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * How long an accepted connection's TLS handshake may take ({@code beepish.handshake_timeout},
     * 10 s). A client that has not finished it by then (it connected and sent nothing, or part of
     * a ClientHello) is closed, so connections that never become SCAMP ones do not pile up.
     *
     * @param timeout a positive duration, used in whole milliseconds (at least 1 ms)
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is under 1 ms (zero or negative included)
     * @throws NullPointerException if {@code timeout} is null
     */
    public ScampServiceBuilder handshakeTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("handshakeTimeout must be at least 1 ms: " + timeout);
        }
        this.handshakeTimeout = timeout;
        return this;
    }

    /** The default of {@code beepish.handshake_timeout}. */
    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Event-loop threads (default: cores, at most 4), for the accepted connections; the
     * listener has one more of its own. Handlers run on these threads.
     *
     * @param threads the number of threads; values below 1 mean 1
     * @return this builder
     */
    public ScampServiceBuilder workers(int threads) {
        this.workers = Math.max(1, threads);
        return this;
    }

    /**
     * Registers an action with no flags.
     *
     * @param name the full action name, {@code Namespace.action}; matched case-insensitively
     * @param version the action's version, at least 1
     * @param handler what answers its requests
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is blank or contains {@code :}, or
     *     {@code version} is less than 1
     * @throws NullPointerException if {@code name} or {@code handler} is null
     * @see ActionSpec
     */
    public ScampServiceBuilder action(String name, int version, ActionHandler handler) {
        return action(name, version, Set.of(), handler);
    }

    /**
     * Registers an action with flags ({@code noauth}, {@code read}, {@code t600}, ...).
     * Registering the same name (in any case) and version twice makes {@link #build()} fail.
     *
     * @param name the full action name, {@code Namespace.action}; matched case-insensitively
     * @param version the action's version, at least 1
     * @param flags the flags it is announced with, as {@link ActionSpec} describes them
     * @param handler what answers its requests
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is blank or contains {@code :}, or
     *     {@code version} is less than 1
     * @throws NullPointerException if {@code name}, {@code flags} (or one of them) or
     *     {@code handler} is null
     */
    public ScampServiceBuilder action(String name, int version, Set<String> flags, ActionHandler handler) {
        actions.add(new ActionSpec(name, version, flags, handler));
        return this;
    }

    /**
     * What a requester gets when a handler fails with anything but a
     * {@link io.scamp.message.RemoteActionException} (which is always sent as it is). The
     * default, {@link ErrorReplyMapper#neutral()}, is {@code error_code "generic"} with a
     * neutral text; {@link ErrorReplyMapper#exposeMessages()} sends the exception's message
     * (unsafe for untrusted requesters). Either way the failure is logged by the service with
     * its stack trace, and a mapper that throws or returns {@code null} means the neutral reply.
     *
     * @param mapper chooses the reply; called on the failing thread, so quick and non-blocking
     * @return this builder
     * @throws NullPointerException if {@code mapper} is null
     */
    public ScampServiceBuilder errorReplies(ErrorReplyMapper mapper) {
        this.errorReplies = Objects.requireNonNull(mapper, "mapper");
        return this;
    }

    /**
     * Receives the {@code notify} messages peers send (SCAMP.md §10: one-way, a JSON body, no
     * reply), on the connection's event loop, in the order they arrived on it. Without it they
     * are read and dropped. A body over 1 MiB or not JSON is dropped and logged; so is whatever
     * the handler throws.
     *
     * @param handler gets each notification; quick and non-blocking
     * @return this builder
     * @throws NullPointerException if {@code handler} is null
     */
    public ScampServiceBuilder onNotify(NotificationHandler handler) {
        this.onNotify = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Observes every request with Micrometer's Observation API: a {@code scamp.server.requests}
     * observation per request, from its arrival through the handler to the end of its reply.
     * With a tracing bridge it continues the requester's trace from the request header's W3C
     * {@code traceparent} (a missing or malformed one starts a new trace), and the handler runs
     * with the observation in scope and in its Reactor context
     * ({@code ObservationThreadLocalAccessor.KEY}), so requests it makes through a traced
     * {@code ScampClient} join the trace (docs/observability.md, "Tracing"). Needs
     * {@code micrometer-observation} on the class path; without this call nothing of Micrometer
     * is loaded and requests pay nothing. Requests refused before dispatch (a concurrency limit,
     * a draining service) are not observed.
     *
     * @param registry where the observations go, with the handlers (tracing, meters) it has
     * @return this builder
     * @throws NullPointerException if {@code registry} is null
     */
    public ScampServiceBuilder observationRegistry(io.micrometer.observation.ObservationRegistry registry) {
        this.observationRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Names the observations and gives their key values instead of
     * {@link io.scamp.observation.DefaultScampServerObservationConvention} (used only with an
     * {@link #observationRegistry observation registry}).
     *
     * @param convention the convention to use
     * @return this builder
     * @throws NullPointerException if {@code convention} is null
     */
    public ScampServiceBuilder observationConvention(io.scamp.observation.ScampServerObservationConvention convention) {
        this.observationConvention = Objects.requireNonNull(convention, "convention");
        return this;
    }

    /** The service's dispatch observer: {@code null} (nothing to pay) without an observation registry. */
    DispatchObserver dispatchObserver() {
        if (observationRegistry == null) {
            return null;
        }
        return new ObservedDispatch(observationRegistry, observationConvention);
    }

    /**
     * How many bytes of published changes may wait for one subscriber
     * ({@link RunningService#publish}) while its previous event is still unwritten, coalesced
     * per key. Past it the subscriber is too slow: its connection is closed with a
     * {@link io.scamp.message.ConnectionStalledException} (the service logs it at WARNING),
     * and a subscriber of ours reconnects for a fresh snapshot. Default 1 MiB
     * (docs/subscriptions.md).
     *
     * @param bytes the bound, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public ScampServiceBuilder subscriberBacklog(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("subscriberBacklog must be positive: " + bytes);
        }
        this.subscriberBacklog = bytes;
        return this;
    }

    /** The {@link #subscriberBacklog} default, 1 MiB. */
    static final long DEFAULT_SUBSCRIBER_BACKLOG = 1024 * 1024;

    /**
     * Protects every action not flagged {@code noauth}: a request needs a valid ticket holding
     * the privileges the authz table lists for the action (SCAMP.md §8). Without this, actions
     * are not checked.
     *
     * @param authorization the ticket verifier and authz table to check requests against
     * @return this builder
     * @throws NullPointerException if {@code authorization} is null
     */
    public ScampServiceBuilder authorization(io.scamp.auth.ServiceAuthorization authorization) {
        this.authorization = Objects.requireNonNull(authorization, "authorization");
        return this;
    }

    /**
     * Requires every client to present a TLS certificate whose fingerprint {@code accepted}
     * approves, e.g. {@code authorized::knows} for the certificates listed in authorized
     * services. Off by default (SCAMP clients normally present none).
     *
     * @param accepted tests a client certificate's fingerprint ({@code AA:BB:...}, uppercase);
     *     called during the TLS handshake, on an event loop, so it must not block. A client
     *     without a certificate, or with one it refuses, fails the handshake
     * @return this builder
     * @throws NullPointerException if {@code accepted} is null
     */
    public ScampServiceBuilder requireClientCertificates(java.util.function.Predicate<String> accepted) {
        this.clientCertificates = Objects.requireNonNull(accepted, "accepted");
        return this;
    }

    /**
     * Publishes the service's signed announcement through {@code announcer} while it runs (cache file, multicast).
     * May be called several times: every announcer is used. Without one the service runs but
     * no directory finds it.
     *
     * @param announcer a {@link io.scamp.discovery.CacheFileAnnouncer},
     *     {@link io.scamp.discovery.MulticastAnnouncer} or another
     *     {@link io.scamp.discovery.Announcer}; one per service, as it keeps the state of one
     *     announcement
     * @return this builder
     * @throws NullPointerException if {@code announcer} is null
     */
    public ScampServiceBuilder announcer(io.scamp.discovery.Announcer announcer) {
        announcers.add(Objects.requireNonNull(announcer, "announcer"));
        return this;
    }

    /**
     * The host announced in the service address (default: the bound address). Set it when the
     * bound address is not what others can reach, such as {@code 0.0.0.0}.
     *
     * @param host the host name or IP address requesters connect to
     * @return this builder
     * @throws NullPointerException if {@code host} is null
     */
    public ScampServiceBuilder announceAddress(String host) {
        this.announceHost = Objects.requireNonNull(host, "host");
        return this;
    }

    /**
     * The scheme of the service's address, as announced and as {@link RunningService#address()}
     * reports it ({@code service.address_scheme}): {@code beepish+tls} (the default, what
     * scamp-js, scamp-go and scamp-rs announce) or {@code scamp+tls}, the older form, for
     * requesters that know only it: the canonical Perl requester's connection manager
     * ignores a {@code beepish+tls://} address. Both name the same protocol on the wire; our
     * client and router connect to either. Requesters of that kind also drop a connection on
     * an incoming PING, so their peers must keep heartbeats off (a service of ours sends none;
     * a {@code ScampClient} sends them only when {@code heartbeat(...)} is set); see docs/interop.md.
     *
     * @param scheme {@code beepish+tls} or {@code scamp+tls}, in any case, without {@code ://}
     * @return this builder
     * @throws IllegalArgumentException for any other scheme
     * @throws NullPointerException if {@code scheme} is null
     */
    public ScampServiceBuilder addressScheme(String scheme) {
        String s = Objects.requireNonNull(scheme, "scheme").toLowerCase(java.util.Locale.ROOT);
        if (!s.equals(io.scamp.config.ScampConfig.BEEPISH_TLS) && !s.equals(io.scamp.config.ScampConfig.SCAMP_TLS)) {
            throw new IllegalArgumentException("the address scheme must be beepish+tls or scamp+tls, not " + scheme);
        }
        this.addressScheme = s;
        return this;
    }

    /**
     * How often announcements repeat (SCAMP.md §7.3: 5 s). The interval is part of the
     * announcement: multicast observers forget a service not heard from for about two
     * intervals. Multicast sends no more often than every 100 ms, whatever the interval; a
     * cache file is rewritten on the {@link io.scamp.discovery.CacheFileAnnouncer}'s own
     * schedule.
     *
     * @param interval the announced interval, used in whole milliseconds
     * @return this builder
     * @throws NullPointerException if {@code interval} is null
     */
    public ScampServiceBuilder announceInterval(Duration interval) {
        this.announceInterval = Objects.requireNonNull(interval, "interval");
        return this;
    }

    /**
     * At most {@code perConnection} requests open at once on one connection (handlers running
     * or replies being sent) and {@code perService} handlers running at once across all
     * connections ({@code service.max_open_requests_per_connection},
     * {@code service.max_running_handlers}). A request over either limit is answered at once,
     * without running a handler, with {@code error_code "busy"} and
     * {@code error_data {"dispatch_failure": true}}, so the requester may retry elsewhere; the
     * connection stays up. The service's limit is shared fairly: once it is reached, a
     * connection that runs fewer than its share ({@code perService} divided among the open
     * connections, at least 4) is still admitted, so connections that open thousands of
     * requests cannot lock out the others (the total stays under twice the limit, or the limit
     * plus 4 per connection). Defaults: 16384 per connection, and per service a 65536th of the
     * maximum heap in handlers (1024 to 65536; 1024 at {@code -Xmx64m}, where each running
     * handler holds about 2 KiB).
     *
     * @param perConnection the limit per connection, at least 1
     * @param perService the limit across connections, at least 1
     * @return this builder
     * @throws IllegalArgumentException if a limit is below 1
     */
    public ScampServiceBuilder maxConcurrentRequests(int perConnection, int perService) {
        if (perConnection < 1 || perService < 1) {
            throw new IllegalArgumentException("concurrency limits must be at least 1: " + perConnection + " per connection, "
                    + perService + " per service");
        }
        this.maxRequestsPerConnection = perConnection;
        this.maxRunningHandlers = perService;
        return this;
    }

    /** The default of {@code service.max_open_requests_per_connection}. */
    static final int DEFAULT_MAX_REQUESTS_PER_CONNECTION = 16384;

    /** The default of {@code service.max_running_handlers}: a 65536th of the heap, 1024 to 65536. */
    static int defaultMaxRunningHandlers() {
        return (int) Math.max(1024, Math.min(65536, Runtime.getRuntime().maxMemory() / 65536));
    }

    /**
     * How many received bytes may wait for the application (queued in bodies not yet consumed,
     * reply or request bodies nobody has subscribed to yet included) before a connection stops
     * reading from its socket: {@code connectionBytes} per connection
     * ({@code flow.connection_receive_buffer}), {@code totalBytes} across all connections of this
     * service ({@code flow.receive_buffer}). Reads resume at half the mark. A peer that ignores
     * the ACK window is slowed down by TCP instead of filling the heap. The defaults scale with
     * the maximum heap: a sixteenth per connection (256 KiB to 16 MiB), a quarter in all
     * (1 MiB to 256 MiB); at {@code -Xmx64m}, 4 and 16 MiB.
     *
     * @param connectionBytes the high mark of one connection, at least 256 KiB
     * @param totalBytes the high mark of all connections together, at least {@code connectionBytes}
     * @return this builder
     * @throws IllegalArgumentException if a mark is under 256 KiB or the total under the connection's
     */
    public ScampServiceBuilder receiveBuffer(long connectionBytes, long totalBytes) {
        this.receiveLimits = new ReceiveLimits(connectionBytes, totalBytes, receiveLimits.stallTimeout());
        return this;
    }

    /**
     * How long a connection's reads may stay paused for the receive buffer with nothing
     * consumed, or its peer read none of its output, before the connection is closed with a
     * {@link io.scamp.message.ConnectionStalledException} ({@code flow.receive_stall_timeout},
     * 60 s). Only that connection closes.
     *
     * @param timeout the limit; zero never closes a stalled connection
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public ScampServiceBuilder receiveStallTimeout(Duration timeout) {
        this.receiveLimits = new ReceiveLimits(receiveLimits.connectionBytes(), receiveLimits.totalBytes(), timeout);
        return this;
    }

    /**
     * Records this service's metrics into {@code registry}: calls (duration to the reply header
     * and to the end of its body, in flight, by outcome and error code), bytes and packets,
     * protocol violations, connections (open, opened, closed by cause, TLS handshake times) and
     * flow control. Tags are low-cardinality: side, action, version, envelope, outcome, error
     * code; a request for an action the service does not have is counted as action
     * {@code unknown}, never under the name the peer sent. docs/observability.md lists every
     * meter. Micrometer ({@code io.micrometer:micrometer-core}) is an optional dependency of
     * this library: add it to use this; without a call to this method, none of it is loaded and
     * nothing is recorded.
     *
     * @param registry where the meters go; several clients and services may share one
     * @return this builder
     * @throws NullPointerException if {@code registry} is null
     */
    public ScampServiceBuilder metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Settings from a configuration file: port range, bind tries, window, idle and handshake timeouts, bind address.
     * These are {@code beepish.first_port}, {@code beepish.last_port},
     * {@code beepish.bind_tries}, {@code flow.max_inflight}, {@code beepish.server_timeout},
     * {@code beepish.handshake_timeout},
     * {@code flow.connection_receive_buffer}, {@code flow.receive_buffer},
     * {@code flow.receive_stall_timeout}, {@code service.max_open_requests_per_connection},
     * {@code service.max_running_handlers}, {@code service.address_scheme} and the address {@link io.scamp.config.ScampConfig#serviceAddress()} chooses; the other
     * settings keep their values.
     *
     * @param config the loaded configuration; keys it lacks give their SCAMP.md defaults
     * @return this builder
     * @throws IllegalArgumentException if the file's values are out of range, as
     *     {@link #portRange} and {@link #maxInflight} throw
     * @throws io.scamp.config.ConfigException if one of those keys is not an integer,
     *     {@code service.address_scheme} is neither {@code beepish+tls} nor {@code scamp+tls},
     *     {@code beepish.handshake_timeout} is not positive, or the address names an interface ({@code if:NAME}) that is missing or has no IPv4 address
     */
    public ScampServiceBuilder config(io.scamp.config.ScampConfig config) {
        return portRange(config.firstPort(), config.lastPort(), config.bindTries())
                .maxInflight(config.maxInflight())
                .idleTimeout(config.serverTimeout())
                .handshakeTimeout(config.handshakeTimeout())
                .receiveBuffer(config.connectionReceiveBuffer(), config.receiveBuffer())
                .receiveStallTimeout(config.receiveStallTimeout())
                .windowLimits(new io.scamp.connection.WindowLimits(config.adaptiveWindow(), config.maxWindow(), config.connectionWindow()))
                .maxConcurrentRequests(config.getInt("service.max_open_requests_per_connection", maxRequestsPerConnection),
                        config.getInt("service.max_running_handlers", maxRunningHandlers))
                .addressScheme(config.addressScheme())
                .bindAddress(config.serviceAddress());
    }

    /**
     * An immutable service with these settings; the builder may be reused.
     *
     * @return the service, not yet started ({@link ScampService#start()}); services built from
     *     one builder share its announcers, so give each its own builder when they announce
     * @throws IllegalArgumentException if two actions share a name (in any case) and version
     */
    public ScampService build() {
        return new ScampService(this);
    }
}
