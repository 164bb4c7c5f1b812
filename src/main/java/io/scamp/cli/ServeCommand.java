package io.scamp.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scamp.message.ScampJson;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.service.ScampServiceBuilder;
import io.scamp.tls.ServiceIdentity;
import io.scamp.config.StateDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scamp serve}: runs a service with the {@link BuiltinActions}. Prints one
 * {@code {"event":"listening",...}} line on stdout when ready, then one
 * {@code {"event":"notify","body":...}} line per notification it receives; {@code Scamp.publish}
 * publishes data for subscribers (SCAMP.md §10). SIGTERM or SIGINT drains and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run a service with Scamp.echo, Scamp.sink, Scamp.source and Scamp.publish; print notifications it receives.")
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "0", description = "Port; 0 (default) picks a random free one in 30100..30399.")
    int port;

    @Option(names = "--cert", description = "Certificate PEM file (with --key).")
    Path cert;

    @Option(names = "--key", description = "Private key PEM file, PKCS#1 or PKCS#8 (with --cert).")
    Path key;

    @Option(names = "--name", defaultValue = "scamp-cli", description = "Service name (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--sector", defaultValue = "main", description = "Sector (default ${DEFAULT-VALUE}).")
    String sector;

    @Option(names = "--announce", paramLabel = "WHERE", description = "cache:FILE registers the service in that discovery cache file; "
            + "multicast announces it on the group. Repeatable.")
    java.util.List<String> announce = new java.util.ArrayList<>();

    @Option(names = "--address-scheme", paramLabel = "SCHEME",
            description = "beepish+tls (default: service.address_scheme of the configuration, else beepish+tls) or scamp+tls, "
                    + "the older form the canonical Perl requester needs.")
    String addressScheme;

    @Option(names = "--drain-timeout", defaultValue = "30", description = "Seconds open requests get to finish on shutdown (default ${DEFAULT-VALUE}).")
    long drainSeconds;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", converter = ListenAddress.class,
            description = "Serve the service's meters in Prometheus text format at http://HOST:PORT/metrics (port 0: a free one; "
                    + "the listening line names it).")
    java.net.InetSocketAddress metrics;

    @Option(names = "--stats", description = "Print one line of figures per minute on stderr: calls, errors, bytes in and out, connections.")
    boolean stats;

    /** The --stats interval, for tests. */
    @Option(names = "--stats-interval-millis", hidden = true, defaultValue = "60000")
    long statsIntervalMillis;

    @Override
    public Integer call() throws Exception {
        if ((cert == null) != (key == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cert and --key go together");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535");
        }
        ServiceIdentity identity = cert != null
                ? ServiceIdentity.fromPem(cert, key)
                : ServiceIdentity.loadOrGenerate(StateDirectory.identities(), name);
        io.scamp.config.ScampConfig config = io.scamp.config.ScampConfig.load();
        ScampServiceBuilder builder = ScampService.builder()
                .config(config) // flow.*, beepish.*, service.* limits; --bind and --port below take precedence
                .name(name)
                .sector(sector)
                .identity(identity)
                .bindAddress(bind)
                .drainTimeout(Duration.ofSeconds(drainSeconds));
        if (addressScheme != null) {
            try {
                builder.addressScheme(addressScheme);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--address-scheme: " + e.getMessage());
            }
        }
        if (port == 0) {
            builder.portRange(30100, 30399, 20);
        } else {
            builder.port(port);
        }
        for (String where : announce) {
            if (where.startsWith("cache:") && where.length() > "cache:".length()) {
                builder.announcer(new io.scamp.discovery.CacheFileAnnouncer(Path.of(where.substring("cache:".length()))));
            } else if (where.equals("multicast")) {
                builder.announcer(new io.scamp.discovery.MulticastAnnouncer(config.multicastAddress(), config.discoveryPort(),
                        "0.0.0.0".equals(bind) ? config.discoveryAddress() : bind));
            } else {
                throw new CommandLine.ParameterException(spec.commandLine(), "--announce takes cache:FILE or multicast, not " + where);
            }
        }
        try (ServeMetrics observed = metrics == null && !stats ? null : startMetrics()) {
            if (observed != null) {
                builder.metrics(observed.registry());
            }
            return serve(builder, observed == null ? null : observed.url());
        }
    }

    private ServeMetrics startMetrics() throws java.io.IOException {
        if (stats && statsIntervalMillis < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stats-interval-millis must be positive");
        }
        try {
            return ServeMetrics.start(metrics, stats ? statsIntervalMillis : 0, System.err);
        } catch (java.net.SocketException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--metrics: cannot listen on " + metrics + ": " + e.getMessage());
        }
    }

    private int serve(ScampServiceBuilder builder, String metricsUrl) {
        java.util.concurrent.atomic.AtomicReference<RunningService> self = new java.util.concurrent.atomic.AtomicReference<>();
        builder.action("Scamp.publish", 1, request -> BuiltinActions.publish(request, self::get));
        builder.onNotify(ServeCommand::printNotification);
        RunningService running = BuiltinActions.register(builder).build().start().block();
        self.set(running);
        Signals.onTermination(() -> running.stop().subscribe());
        printListening(running, metricsUrl);
        try {
            running.onStopped().block();
        } catch (RuntimeException failed) {
            System.err.println("scamp serve: the service stopped because it can no longer serve: " + failed.getMessage());
            return ExitCodes.SERVICE_FAILED;
        }
        return ExitCodes.OK;
    }

    /** Notification lines on their way to stdout: at most 1,024 wait (docs/cli.md). */
    private static final class NotifyLines {
        static final LinePrinter PRINTER = new LinePrinter(System.out, 1024, "notify_dropped", "scamp-serve-notify-printer");
    }

    /**
     * A notification a peer sent: one JSON line, {@code {"event":"notify","body":...}}, printed
     * by a {@link LinePrinter}: this runs on the event loop, which a stdout nobody reads would
     * otherwise block, and every connection on it with it.
     */
    private static void printNotification(io.scamp.service.Notification notification) {
        ObjectNode line = ScampJson.mapper().createObjectNode().put("event", "notify");
        line.set("body", notification.body());
        NotifyLines.PRINTER.offer(line.toString());
    }

    private static void printListening(RunningService running, String metricsUrl) {
        ObjectNode line = ScampJson.mapper().createObjectNode()
                .put("event", "listening")
                .put("address", running.address())
                .put("fingerprint", running.fingerprint())
                .put("ident", running.ident());
        if (metricsUrl != null) {
            line.put("metrics", metricsUrl);
        }
        System.out.println(line.toString());
        System.out.flush();
    }
}
