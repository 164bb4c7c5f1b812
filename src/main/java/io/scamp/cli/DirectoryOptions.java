package io.scamp.cli;

import io.scamp.config.ScampConfig;
import io.scamp.discovery.AuthorizedServices;
import io.scamp.discovery.AuthorizedServicesSource;
import io.scamp.discovery.CacheFileSource;
import io.scamp.discovery.DiscoverySource;
import io.scamp.discovery.ServiceDirectory;
import io.scamp.discovery.ServiceTable;
import io.scamp.discovery.SourceState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;

/**
 * Where the commands find services: {@code --cache FILE} and/or {@code --multicast}, filtered
 * by {@code --authorized FILE} or not at all with {@code --all}; whatever is not given comes
 * from the configuration (SCAMP.md §9), or its embedded default.
 */
final class DirectoryOptions {
    @Option(names = "--cache", paramLabel = "FILE", description = "Discovery cache file (default: discovery.cache_path of the configuration).")
    Path cache;

    @Option(names = "--multicast", description = "Also listen to announcements on the multicast group.")
    boolean multicast;

    @Option(names = "--authorized", paramLabel = "FILE", description = "Authorized-services file (default: bus.authorized_services).")
    Path authorized;

    @Option(names = "--all", description = "Ignore authorized services: every action of every verified record.")
    boolean all;

    ScampConfig config() {
        return ScampConfig.load();
    }

    Path cachePath(ScampConfig config) {
        return cache != null ? cache : config.cachePath();
    }

    /** Whether a cache file is a source: given, or implied because multicast is not asked for. */
    boolean usesCache() {
        return cache != null || !multicast;
    }

    AuthorizedServices authorizedNow(ScampConfig config) {
        if (all) {
            return AuthorizedServices.allowAll();
        }
        Path file = authorized != null ? authorized : config.authorizedServicesPath();
        return AuthorizedServicesSource.read(file, authorized != null || config.authorizedServicesConfigured());
    }

    Flux<AuthorizedServices> authorizedWatch(ScampConfig config) {
        if (all) {
            return AuthorizedServicesSource.fixed(AuthorizedServices.allowAll());
        }
        Path file = authorized != null ? authorized : config.authorizedServicesPath();
        return AuthorizedServicesSource.watch(file, authorized != null || config.authorizedServicesConfigured());
    }

    List<DiscoverySource> sources(ScampConfig config) {
        List<DiscoverySource> sources = new ArrayList<>();
        if (usesCache()) {
            sources.add(new CacheFileSource(cachePath(config), config.cacheMaxAge()));
        }
        if (multicast) {
            sources.add(MulticastOptions.observer(config));
        }
        return sources;
    }

    /** A live directory of these sources. */
    ServiceDirectory directory(ScampConfig config) {
        return ServiceDirectory.create(sources(config), authorizedWatch(config));
    }

    /** One table, now: the cache read once, multicast listened to for a couple of announce intervals. */
    ServiceTable tableNow(ScampConfig config) {
        if (!multicast) {
            SourceState state = new CacheFileSource(cachePath(config), config.cacheMaxAge()).read();
            return ServiceTable.of(state.records(), authorizedNow(config), state.rejected(), state.stale());
        }
        try (ServiceDirectory directory = directory(config)) {
            directory.awaitFirst(java.time.Duration.ofSeconds(10));
            return directory.snapshots().take(MulticastOptions.LISTEN).last(directory.current()).block();
        }
    }
}
