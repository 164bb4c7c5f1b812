package io.scamp.cli;

import io.scamp.config.ScampConfig;
import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.Rejection;
import io.scamp.discovery.ServiceInstance;
import io.scamp.discovery.ServiceTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scamp list}: the service directory, as a table or as one JSON object. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Print the service directory.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    DirectoryOptions directory;

    @Option(names = "--json", description = "Print exactly one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        ScampConfig config = directory.config();
        ServiceTable table = directory.tableNow(config);
        if (json) {
            System.out.println(TableJson.table(table).toString());
        } else {
            print(table);
        }
        return ExitCodes.OK;
    }

    private static void print(ServiceTable table) {
        System.out.printf("%d services%s%n", table.services().size(), table.isStale() ? " (STALE directory)" : "");
        for (ServiceInstance s : table.services()) {
            System.out.printf("%n%s  %s  weight %s  sector %s%n  fingerprint %s%n", s.ident(), s.address(),
                    s.weight() == Math.rint(s.weight()) ? Long.toString((long) s.weight()) : Double.toString(s.weight()),
                    s.record().sector(), s.fingerprint());
            for (ActionEntry a : s.actions()) {
                System.out.printf("    %-60s v%-3d %-20s %s%n", a.sector() + ":" + a.name(), a.version(),
                        String.join(",", a.flags()), String.join(",", a.envelopes()));
            }
        }
        for (Rejection r : table.rejected()) {
            System.out.printf("%nrejected %s: %s%n", r.ident() == null ? "(unknown)" : r.ident(), r.reason());
        }
    }
}
