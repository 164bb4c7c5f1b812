package io.scamp.service;

import io.scamp.tls.ServiceIdentity;
import java.time.Duration;
import java.util.Set;

/** Configures a {@link ScampService}. */
public final class ScampServiceBuilder {
    ScampServiceBuilder() {
    }

    /** The service name, used in its ident ({@code name:...}) and for its generated identity. */
    public ScampServiceBuilder name(String name) { throw new UnsupportedOperationException("TODO"); }

    /** The sector its actions are announced in (default {@code main}). */
    public ScampServiceBuilder sector(String sector) { throw new UnsupportedOperationException("TODO"); }

    /** The TLS identity; without one a self-signed identity is generated for this run. */
    public ScampServiceBuilder identity(ServiceIdentity identity) { throw new UnsupportedOperationException("TODO"); }

    /** The address to bind (default {@code 127.0.0.1}). */
    public ScampServiceBuilder bindAddress(String host) { throw new UnsupportedOperationException("TODO"); }

    /** Bind exactly this port (0 for any free port). */
    public ScampServiceBuilder port(int port) { throw new UnsupportedOperationException("TODO"); }

    /** Bind a random port in {@code first..last}, retrying on "address in use" up to {@code tries} times. */
    public ScampServiceBuilder portRange(int first, int last, int tries) { throw new UnsupportedOperationException("TODO"); }

    /** The per-message window of unacknowledged bytes (default 65536). */
    public ScampServiceBuilder maxInflight(int bytes) { throw new UnsupportedOperationException("TODO"); }

    /** Idle connections are closed after this (default 120 s). */
    public ScampServiceBuilder idleTimeout(Duration timeout) { throw new UnsupportedOperationException("TODO"); }

    /** How long {@link RunningService#stop()} lets open requests finish (default 30 s). */
    public ScampServiceBuilder drainTimeout(Duration timeout) { throw new UnsupportedOperationException("TODO"); }

    /** Registers an action with no flags. */
    public ScampServiceBuilder action(String name, int version, ActionHandler handler) { throw new UnsupportedOperationException("TODO"); }

    /** Registers an action with flags ({@code noauth}, {@code read}, {@code t600}, ...). */
    public ScampServiceBuilder action(String name, int version, Set<String> flags, ActionHandler handler) { throw new UnsupportedOperationException("TODO"); }

    public ScampService build() { throw new UnsupportedOperationException("TODO"); }
}
