package io.scamp.cli;

import io.scamp.config.ScampConfig;
import io.scamp.discovery.CacheManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scamp cache-manager}: listens to multicast announcements and keeps a discovery cache
 * file for the other processes of the host, until SIGINT or SIGTERM (exit 0).
 */
@Command(name = "cache-manager", mixinStandardHelpOptions = true,
        description = "Write multicast announcements into a discovery cache file for this host.")
final class CacheManagerCommand implements Callable<Integer> {
    @Option(names = "--cache", paramLabel = "FILE", description = "Cache file to maintain (default: discovery.cache_path).")
    Path cache;

    @Option(names = "--refresh", defaultValue = "30", description = "Rewrite the file at least every this many seconds (default ${DEFAULT-VALUE}).")
    long refreshSeconds;

    @Override
    public Integer call() throws InterruptedException {
        ScampConfig config = ScampConfig.load();
        Path file = cache != null ? cache : config.cachePath();
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        try (CacheManager manager = CacheManager.start(MulticastOptions.observer(config), file, Duration.ofSeconds(refreshSeconds))) {
            System.err.println("scamp cache-manager: writing " + file + " from " + config.multicastAddress() + ":" + config.discoveryPort()
                    + " on " + config.discoveryAddress());
            stop.await();
        }
        return ExitCodes.OK;
    }
}
