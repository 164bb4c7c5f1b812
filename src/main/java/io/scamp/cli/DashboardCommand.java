package io.scamp.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scamp.config.ScampConfig;
import io.scamp.discovery.ServiceDirectory;
import io.scamp.discovery.ServiceTable;
import io.scamp.message.ScampJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;

/**
 * {@code scamp dashboard}: the live directory as a web page ({@link DashboardServer}) until
 * SIGINT or SIGTERM (exit 0). Prints {@code {"event":"listening","url":"http://HOST:PORT/"}} on
 * stdout once it listens; exit 4 when it cannot listen on {@code --listen}.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, description = "Serve a live web page of the service directory.")
final class DashboardCommand implements Callable<Integer> {
    /** The port of {@code --listen} when none is given. */
    static final int DEFAULT_PORT = 8370;

    @Mixin
    DirectoryOptions directory;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:" + DEFAULT_PORT, converter = ListenAddress.class,
            description = "Where to serve the page (default ${DEFAULT-VALUE}; port 0: a free one).")
    InetSocketAddress listen;

    @Override
    public Integer call() throws InterruptedException {
        ScampConfig config = directory.config();
        CountDownLatch stop = new CountDownLatch(1);
        try (ServiceDirectory live = directory.directory(config)) {
            Flux<ServiceTable> tables = live.snapshots().doOnError(error -> {
                System.err.println("scamp dashboard: " + error.getMessage());
                stop.countDown();
            });
            try (DashboardServer server = DashboardServer.start(listen, tables, DashboardServer.Limits.DEFAULT)) {
                Signals.onTermination(stop::countDown);
                ObjectNode line = ScampJson.mapper().createObjectNode().put("event", "listening").put("url", server.url());
                System.out.println(line.toString());
                System.out.flush();
                stop.await();
            }
        } catch (IOException e) {
            System.err.println("scamp dashboard: cannot listen on " + listen + ": " + e.getMessage());
            return ExitCodes.TRANSPORT;
        }
        return ExitCodes.OK;
    }
}
