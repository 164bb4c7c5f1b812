package io.scamp.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A/B runs for hot-path work ({@code benchmarks/ab}): {@link CostProbe} for two systems
 * alternately, each round in fresh JVMs with the benchmark's flags, then the median of every
 * measure per system and their ratio (first system over second). Arguments:
 * {@code BENCH_DIR ROUNDS SYSTEM_A SYSTEM_B PROBE_ARGS...}; {@code -Dbench.jvm} sets the JVM flags
 * ({@code benchmarks/ab --rtt MS} adds {@code -Dbench.rtt_ms=MS}: the runners then reach their
 * servers through the delay proxy, see {@link Rtt}).
 */
public final class AbProbe {
    private AbProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<String> systems = List.of(args[2], args[3]);
        List<String> probeArgs = List.of(args).subList(4, args.length);
        String javaFlags = System.getProperty("bench.jvm", "-Xmx256m -XX:+UseParallelGC");
        Map<String, Map<String, List<Double>>> samples = new TreeMap<>(); // measure -> system -> values
        Map<String, String> units = new TreeMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String system : systems) {
                List<String> command = new ArrayList<>(List.of(CostProbe.class.getName(), Orchestrator.runnerClass(system)));
                command.addAll(probeArgs);
                List<Figure> figures = Orchestrator.runJvm(dir, system, javaFlags, command);
                StringBuilder line = new StringBuilder("round " + (r + 1) + " " + system + ":");
                for (Figure f : figures) {
                    samples.computeIfAbsent(f.name(), k -> new TreeMap<>()).computeIfAbsent(system, k -> new ArrayList<>()).add(f.value());
                    units.put(f.name(), f.unit());
                    line.append(' ').append(f.name()).append('=').append(Orchestrator.fmt(f.value()));
                }
                System.err.println(line);
            }
        }
        java.util.regex.Matcher rtt = java.util.regex.Pattern.compile("-Dbench\\.rtt_ms=(\\S+)").matcher(javaFlags);
        if (rtt.find()) {
            System.out.println("both systems through the delay proxy at " + rtt.group(1) + " ms RTT (0: direct)");
        }
        System.out.printf("%-24s %12s %12s %8s   (medians of %d rounds; ratio = %s / %s)%n", "measure", systems.get(0), systems.get(1), "ratio",
                rounds, systems.get(0), systems.get(1));
        samples.forEach((measure, bySystem) -> {
            List<Double> a = bySystem.get(systems.get(0));
            List<Double> b = bySystem.get(systems.get(1));
            if (a == null || b == null) {
                return;
            }
            double ma = Orchestrator.median(a);
            double mb = Orchestrator.median(b);
            System.out.printf("%-24s %12s %12s %8s   %s%n", measure, Orchestrator.fmt(ma), Orchestrator.fmt(mb), Orchestrator.fmt(ma / mb), units.get(measure));
        });
    }
}
