package io.scamp.service;

import io.scamp.config.StateDirectory;
import io.scamp.connection.ConnectionSettings;
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
    Duration idleTimeout = Duration.ofSeconds(120);
    Duration drainTimeout = Duration.ofSeconds(30);
    int workers = io.scamp.connection.EventLoops.defaultWorkers();
    final List<ActionSpec> actions = new ArrayList<>();
    final List<io.scamp.discovery.Announcer> announcers = new ArrayList<>();
    String announceHost;
    io.scamp.auth.ServiceAuthorization authorization;
    java.util.function.Predicate<String> clientCertificates;
    Duration announceInterval = Duration.ofSeconds(5);
    ErrorReplyMapper errorReplies = ErrorReplyMapper.neutral();

    ScampServiceBuilder() {
    }

    /** The service name, used in its ident ({@code name:...}) and for its generated identity. */
    public ScampServiceBuilder name(String name) {
        if (name == null || name.isBlank() || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad service name: " + name);
        }
        this.name = name;
        return this;
    }

    /** The sector its actions are announced in (default {@code main}). */
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
     */
    public ScampServiceBuilder identity(ServiceIdentity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.ephemeralIdentity = false;
        return this;
    }

    /**
     * A new self-signed identity generated on every start and saved nowhere (tests, throw-away
     * services): the fingerprint changes with each start.
     */
    public ScampServiceBuilder ephemeralIdentity() {
        this.identity = null;
        this.ephemeralIdentity = true;
        return this;
    }

    /**
     * Where a service without an explicit identity keeps it: {@code NAME.crt} and
     * {@code NAME.key} in {@code directory} (default {@link StateDirectory#identities()},
     * {@code $SCAMP_STATE_DIR/identity} or {@code ~/.local/state/scamp/identity}).
     */
    public ScampServiceBuilder identityDirectory(Path directory) {
        this.identityDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /** The address to bind (default {@code 127.0.0.1}). */
    public ScampServiceBuilder bindAddress(String host) {
        this.bindAddress = Objects.requireNonNull(host, "host");
        return this;
    }

    /** Bind exactly this port; 0 lets the system pick a free one. */
    public ScampServiceBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.firstPort = port;
        this.lastPort = port;
        this.bindTries = 1;
        return this;
    }

    /** Bind a random port in {@code first..last}, retrying on "address in use" up to {@code tries} times (default 30100..30399, 20). */
    public ScampServiceBuilder portRange(int first, int last, int tries) {
        if (first < 1 || last > 65535 || first > last || tries < 1) {
            throw new IllegalArgumentException("bad port range " + first + ".." + last + " with " + tries + " tries");
        }
        this.firstPort = first;
        this.lastPort = last;
        this.bindTries = tries;
        return this;
    }

    /** The per-message window of unacknowledged bytes ({@code flow.max_inflight}, 65536). */
    public ScampServiceBuilder maxInflight(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxInflight must be positive");
        }
        this.maxInflight = bytes;
        return this;
    }

    /** Idle connections are closed after this ({@code beepish.server_timeout}, 120 s); zero keeps them. */
    public ScampServiceBuilder idleTimeout(Duration timeout) {
        this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** How long {@link RunningService#stop()} lets open requests finish (30 s). */
    public ScampServiceBuilder drainTimeout(Duration timeout) {
        this.drainTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** Event-loop threads (default: cores, at most 4). */
    public ScampServiceBuilder workers(int threads) {
        this.workers = Math.max(1, threads);
        return this;
    }

    /** Registers an action with no flags. */
    public ScampServiceBuilder action(String name, int version, ActionHandler handler) {
        return action(name, version, Set.of(), handler);
    }

    /** Registers an action with flags ({@code noauth}, {@code read}, {@code t600}, ...). */
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
     */
    public ScampServiceBuilder errorReplies(ErrorReplyMapper mapper) {
        this.errorReplies = Objects.requireNonNull(mapper, "mapper");
        return this;
    }

    /**
     * Protects every action not flagged {@code noauth}: a request needs a valid ticket holding
     * the privileges the authz table lists for the action (SCAMP.md §8). Without this, actions
     * are not checked.
     */
    public ScampServiceBuilder authorization(io.scamp.auth.ServiceAuthorization authorization) {
        this.authorization = Objects.requireNonNull(authorization, "authorization");
        return this;
    }

    /**
     * Requires every client to present a TLS certificate whose fingerprint {@code accepted}
     * approves, e.g. {@code authorized::knows} for the certificates listed in authorized
     * services. Off by default (SCAMP clients normally present none).
     */
    public ScampServiceBuilder requireClientCertificates(java.util.function.Predicate<String> accepted) {
        this.clientCertificates = Objects.requireNonNull(accepted, "accepted");
        return this;
    }

    /** Publishes the service's signed announcement through {@code announcer} while it runs (cache file, multicast). */
    public ScampServiceBuilder announcer(io.scamp.discovery.Announcer announcer) {
        announcers.add(Objects.requireNonNull(announcer, "announcer"));
        return this;
    }

    /** The host announced in the service address (default: the bound address). */
    public ScampServiceBuilder announceAddress(String host) {
        this.announceHost = Objects.requireNonNull(host, "host");
        return this;
    }

    /** How often announcements repeat (SCAMP.md §7.3: 5 s). */
    public ScampServiceBuilder announceInterval(Duration interval) {
        this.announceInterval = Objects.requireNonNull(interval, "interval");
        return this;
    }

    /** Settings from a configuration file: port range, bind tries, window, idle timeout, bind address. */
    public ScampServiceBuilder config(io.scamp.config.ScampConfig config) {
        return portRange(config.firstPort(), config.lastPort(), config.bindTries())
                .maxInflight(config.maxInflight())
                .idleTimeout(config.serverTimeout())
                .bindAddress(config.serviceAddress());
    }

    /** An immutable service with these settings; the builder may be reused. */
    public ScampService build() {
        return new ScampService(this);
    }
}
