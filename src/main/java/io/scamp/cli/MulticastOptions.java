package io.scamp.cli;

import io.scamp.config.ScampConfig;
import io.scamp.discovery.DiscoverySource;
import io.scamp.discovery.MulticastObserver;
import java.time.Duration;

/** Multicast settings of the configuration, for the commands. */
final class MulticastOptions {
    /** How long {@code list --multicast} listens: a little over two default announce intervals. */
    static final Duration LISTEN = Duration.ofMillis(11_000);

    private MulticastOptions() {
    }

    static DiscoverySource observer(ScampConfig config) {
        return new MulticastObserver(config.multicastAddress(), config.discoveryPort(), config.discoveryAddress());
    }
}
