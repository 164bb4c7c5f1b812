package io.scamp.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scamp.config.ScampConfig;
import io.scamp.discovery.ServiceDirectory;
import io.scamp.discovery.ServiceInstance;
import io.scamp.discovery.ServiceTable;
import io.scamp.message.ScampJson;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scamp watch}: one line per new table of the live directory — services added,
 * removed and updated, and the counts — until SIGINT or SIGTERM (exit 0).
 */
@Command(name = "watch", mixinStandardHelpOptions = true, description = "Print one line per change of the service directory.")
final class WatchCommand implements Callable<Integer> {
    @Mixin
    DirectoryOptions directory;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        ScampConfig config = directory.config();
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        AtomicReference<ServiceTable> previous = new AtomicReference<>(ServiceTable.empty());
        try (ServiceDirectory live = directory.directory(config)) {
            live.snapshots().subscribe(table -> {
                ServiceTable.Changes changes = table.changesSince(previous.getAndSet(table));
                System.out.println(json ? json(table, changes) : text(table, changes));
                System.out.flush();
            }, error -> {
                System.err.println("scamp watch: " + error.getMessage());
                stop.countDown();
            });
            stop.await();
        }
        return ExitCodes.OK;
    }

    private static String json(ServiceTable table, ServiceTable.Changes changes) {
        ObjectNode line = ScampJson.mapper().createObjectNode();
        line.put("time", java.time.Instant.now().toString());
        line.put("stale", table.isStale());
        line.put("services", table.services().size());
        line.put("actions", table.services().stream().mapToInt(s -> s.actions().size()).sum());
        changes.added().forEach(s -> line.withArray("added").add(TableJson.service(s)));
        changes.removed().forEach(s -> line.withArray("removed").addObject().put("ident", s.ident()).put("address", s.address()));
        changes.updated().forEach(s -> line.withArray("updated").add(TableJson.service(s)));
        line.withArray("added");
        line.withArray("removed");
        line.withArray("updated");
        return line.toString();
    }

    private static String text(ServiceTable table, ServiceTable.Changes changes) {
        StringBuilder out = new StringBuilder(java.time.LocalTime.now().withNano(0).toString());
        out.append(String.format(" %d services, %d actions%s", table.services().size(),
                table.services().stream().mapToInt(s -> s.actions().size()).sum(), table.isStale() ? ", STALE" : ""));
        for (ServiceInstance s : changes.added()) {
            out.append(String.format("%n  + %s %s (%d actions)", s.ident(), s.address(), s.actions().size()));
        }
        for (ServiceInstance s : changes.removed()) {
            out.append(String.format("%n  - %s %s", s.ident(), s.address()));
        }
        for (ServiceInstance s : changes.updated()) {
            out.append(String.format("%n  ~ %s %s weight %s (%d actions)", s.ident(), s.address(), s.weight(), s.actions().size()));
        }
        return out.toString();
    }
}
