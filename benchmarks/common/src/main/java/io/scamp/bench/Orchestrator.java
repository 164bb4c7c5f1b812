package io.scamp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the three systems round-robin in fresh JVMs (same flags for all), collects their
 * figures, and reports medians and pair-by-pair ratios as a table and as
 * {@code results/latest.json}. Arguments: {@code BENCH_DIR [--quick] [--repeats N] [--tls openssl,jdk]
 * [--rtt 0,0.5,2,10]}. Each provider is a full round of all systems; figures of providers other
 * than OpenSSL (the library's default) carry the provider as a suffix, e.g. {@code rr_c64_rps_jdk}.
 *
 * <p>With {@code --rtt} it runs the RTT sweep instead ({@link #sweep}): every system at every
 * RTT, through the delay proxy ({@link Rtt}), into {@code results/rtt.json} and the charts
 * {@code results/throughput-vs-rtt.svg} (and {@code results/window-over-time.svg} when the
 * scamp runner wrote a window trace); {@code latest.json} is left as it is.
 */
public final class Orchestrator {
    private static final List<String> SYSTEMS = List.of("scamp", "rsocket", "rawtls");
    private static final Map<String, String> MAIN = Map.of(
            "scamp", "io.scamp.bench.ScampRunner", "rsocket", "io.scamp.bench.RSocketRunner", "rawtls", "io.scamp.bench.RawTlsRunner");
    /** Figures where more is better; for the rest (latencies, heap, seconds) less is better. */
    private static final List<String> HIGHER_IS_BETTER = List.of("_rps", "_MBps", "_ok");

    private Orchestrator() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean quick = List.of(args).contains("--quick");
        int repeats = quick ? 1 : 3;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--repeats")) {
                repeats = Integer.parseInt(args[i + 1]);
            }
        }
        String javaFlags = System.getProperty("bench.jvm", "-Xmx256m -XX:+UseParallelGC");
        // OpenSSL, the library's default, always; the JDK's provider too in full runs (figures suffixed _jdk).
        List<String> providers = quick ? List.of("openssl") : List.of("openssl", "jdk");
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--tls")) {
                providers = List.of(args[i + 1].split(","));
            }
        }
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--rtt")) {
                List<Double> rtts = new ArrayList<>();
                for (String v : args[i + 1].split(",")) {
                    rtts.add(Double.parseDouble(v.trim()));
                }
                boolean tlsGiven = List.of(args).contains("--tls");
                sweep(dir, rtts, repeats, quick, tlsGiven ? providers : List.of("openssl"), javaFlags);
                return;
            }
        }
        Map<String, List<Double>> samples = new TreeMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (String provider : providers) {
            String suffix = provider.equals("openssl") ? "" : "_" + provider;
            for (int r = 0; r < repeats; r++) {
                for (String system : SYSTEMS) {
                    System.err.printf("run %d/%d (%s TLS): %s%n", r + 1, repeats, provider, system);
                    record(runOnce(dir, system, javaFlags + " -Dbench.tls=" + provider, quick), suffix, samples, units);
                }
            }
        }
        for (int r = 0; r < (quick ? 1 : repeats); r++) {
            System.err.printf("run %d: scamp service and requester at -Xmx64m, 1 GiB each way%n", r + 1);
            record(SmallHeapCheck.run(dir.getParent(), quick), "", samples, units);
        }
        Map<String, Double> medians = new TreeMap<>();
        samples.forEach((k, v) -> medians.put(k, median(v)));
        List<String[]> ratios = ratios(medians);
        print(medians, units, ratios, repeats, quick);
        write(dir.resolve("results/latest.json"), medians, units, ratios, repeats, quick, "");
    }

    /**
     * The RTT sweep (issue #11): for each repeat, each RTT and each system round-robin, a fresh
     * runner JVM with {@code -Dbench.rtt_ms}, which measures only the sweep's figures (bulk up
     * and down, peak heap, the window each transfer ended with where reported, small-call p99
     * idle and beside back-to-back downloads), suffixed {@code _rttN}. The scamp runner of the
     * first repeat at the largest RTT is also asked for a window trace
     * ({@code -Dbench.window_trace}, see {@link WindowTrace}).
     */
    private static void sweep(Path dir, List<Double> rtts, int repeats, boolean quick, List<String> providers, String javaFlags) throws Exception {
        Path results = dir.resolve("results");
        Files.createDirectories(results);
        Path trace = results.resolve("window-trace.csv");
        Path traceChart = results.resolve("window-over-time.svg");
        Files.deleteIfExists(trace); // only this run's trace is drawn
        double traceRtt = rtts.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        Map<String, List<Double>> samples = new TreeMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        long started = System.currentTimeMillis();
        for (String provider : providers) {
            String suffix = provider.equals("openssl") ? "" : "_" + provider;
            for (int r = 0; r < repeats; r++) {
                for (double rtt : rtts) {
                    for (String system : SYSTEMS) {
                        System.err.printf("run %d/%d, RTT %s ms (%s TLS): %s%n", r + 1, repeats, Rtt.label(rtt), provider, system);
                        String flags = javaFlags + " -Dbench.tls=" + provider + " -Dbench.rtt_ms=" + Rtt.label(rtt);
                        if (system.equals("scamp") && r == 0 && rtt == traceRtt && provider.equals(providers.get(0))) {
                            flags += " -Dbench.window_trace=" + trace;
                        }
                        record(runOnce(dir, system, flags, quick), suffix, samples, units);
                    }
                    if (r == 0 && provider.equals(providers.get(0))) {
                        System.err.printf("RTT %s ms: scamp service and requester at -Xmx64m, each way%n", Rtt.label(rtt));
                        record(SmallHeapCheck.run(dir.getParent(), quick, rtt, Rtt.suffix(rtt)), "", samples, units);
                    }
                }
            }
        }
        Map<String, Double> medians = new TreeMap<>();
        samples.forEach((k, v) -> medians.put(k, median(v)));
        List<String[]> ratios = ratios(medians);
        print(medians, units, ratios, repeats, quick);
        StringBuilder list = new StringBuilder();
        for (double rtt : rtts) {
            list.append(list.length() == 0 ? "" : ",").append(Rtt.label(rtt));
        }
        write(results.resolve("rtt.json"), medians, units, ratios, repeats, quick, "\"rtt_ms\":[" + list + "],");
        long bytes = Params.from(quick ? new String[] {"--quick"} : new String[0]).bulkBytes();
        String transfer = bytes >= 1L << 30 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
        String subtitle = String.format(Locale.ROOT, "benchmarks/run %s--rtt %s, %s: medians of %d run%s per system, OpenSSL, %s", quick ? "--quick " : "",
                list, transfer + " each way", repeats, repeats == 1 ? "" : "s", java.time.LocalDate.now());
        Path chart = results.resolve("throughput-vs-rtt.svg");
        Charts.throughputVsRtt(medians, rtts, transfer, subtitle, chart);
        System.out.println("wrote " + chart);
        if (Charts.windowOverTime(trace, "scamp runner at " + Rtt.label(traceRtt) + " ms RTT, " + java.time.LocalDate.now(), traceChart)) {
            System.out.println("wrote " + traceChart);
        } else {
            Files.deleteIfExists(traceChart);
            System.out.println("no window trace (" + trace + "): the scamp runner does not write one yet; window-over-time.svg not drawn");
        }
        System.out.printf("sweep took %.1f min%n", (System.currentTimeMillis() - started) / 60000.0);
    }

    private static List<Figure> runOnce(Path dir, String system, String javaFlags, boolean quick) throws IOException, InterruptedException {
        return runJvm(dir, system, javaFlags, quick ? List.of(MAIN.get(system), "--quick") : List.of(MAIN.get(system)));
    }

    /** The runner class of {@code system} (scamp, rsocket, rawtls). */
    static String runnerClass(String system) {
        return MAIN.get(system);
    }

    /** Runs {@code mainAndArgs} in a fresh JVM on {@code system}'s class path and returns the figures it printed. */
    static List<Figure> runJvm(Path dir, String system, String javaFlags, List<String> mainAndArgs) throws IOException, InterruptedException {
        String classpath = dir.resolve(system + "/target/classes") + ":" + Files.readString(dir.resolve(system + "/target/classpath.txt")).strip();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(javaFlags.trim().split("\\s+")));
        command.addAll(List.of("-cp", classpath));
        command.addAll(mainAndArgs);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Figure> figures = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(Figure.PREFIX)) {
                    figures.add(Figure.parse(line));
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            System.err.println(system + " runner failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
            p.destroyForcibly();
        }
        return figures;
    }

    /** scamp vs rsocket for every shared figure; scamp and rsocket vs rawtls for bulk. value > 1 means scamp is better. */
    private static List<String[]> ratios(Map<String, Double> medians) {
        List<String[]> out = new ArrayList<>();
        for (String key : medians.keySet()) {
            String[] nameSystem = key.split(" ");
            if (!nameSystem[1].equals("scamp") || nameSystem[0].contains("_window")) {
                continue; // the window a transfer ended with is a setting more than a result: no ratio
            }
            for (String peer : List.of("rsocket", "rawtls")) {
                Double mine = medians.get(nameSystem[0] + " scamp");
                // This library's wide-window bulk figures (_w1m) against the peers' one bulk figure.
                Double theirs = medians.get(nameSystem[0].replace("_w1m", "") + " " + peer);
                if (mine != null && theirs != null && theirs != 0 && mine != 0) {
                    boolean higher = HIGHER_IS_BETTER.stream().anyMatch(nameSystem[0]::contains); // also with a _jdk or _w1m suffix
                    out.add(new String[] {nameSystem[0], peer, fmt(higher ? mine / theirs : theirs / mine)});
                }
            }
        }
        return out;
    }

    private static void print(Map<String, Double> medians, Map<String, String> units, List<String[]> ratios, int repeats, boolean quick) {
        System.out.printf("%nMedians of %d run(s) per system%s%n%n", repeats, quick ? " (--quick)" : "");
        int w = Math.max(22, units.keySet().stream().mapToInt(String::length).max().orElse(0));
        System.out.printf("%-" + w + "s %14s %14s %14s  %s%n", "figure", "scamp", "rsocket", "rawtls", "unit");
        for (String name : units.keySet()) {
            System.out.printf("%-" + w + "s %14s %14s %14s  %s%n", name, cell(medians, name, "scamp"), cell(medians, name, "rsocket"),
                    cell(medians, name, "rawtls"), units.get(name));
        }
        System.out.printf("%nRatios (scamp relative to the peer; above 1 means scamp does better)%n%n");
        for (String[] r : ratios) {
            System.out.printf("%-" + w + "s vs %-8s %8s%n", r[0], r[1], r[2]);
        }
    }

    private static String cell(Map<String, Double> medians, String name, String system) {
        Double v = medians.get(name + " " + system);
        return v == null ? "-" : fmt(v);
    }

    private static void write(Path file, Map<String, Double> medians, Map<String, String> units, List<String[]> ratios, int repeats, boolean quick,
            String extra) throws IOException {
        StringBuilder json = new StringBuilder("{\"quick\":" + quick + ",\"repeats\":" + repeats + "," + extra + "\"figures\":[");
        boolean first = true;
        for (Map.Entry<String, Double> e : medians.entrySet()) {
            String[] ns = e.getKey().split(" ");
            json.append(first ? "" : ",").append(String.format(Locale.ROOT, "{\"name\":\"%s\",\"system\":\"%s\",\"value\":%s,\"unit\":\"%s\"}",
                    ns[0], ns[1], fmt(e.getValue()), units.get(ns[0])));
            first = false;
        }
        json.append("],\"ratios\":[");
        first = true;
        for (String[] r : ratios) {
            json.append(first ? "" : ",").append(String.format(Locale.ROOT, "{\"name\":\"%s\",\"vs\":\"%s\",\"value\":%s}", r[0], r[1], r[2]));
            first = false;
        }
        json.append("]}\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json.toString());
        System.out.println("\nwrote " + file);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3f", v);
    }

    /** Adds each figure's value to its samples (named with {@code suffix}, e.g. the TLS provider) and notes its unit. */
    private static void record(List<Figure> figures, String suffix, Map<String, List<Double>> samples, Map<String, String> units) {
        for (Figure f : figures) {
            samples.computeIfAbsent(f.name() + suffix + " " + f.system(), k -> new ArrayList<>()).add(f.value());
            units.put(f.name() + suffix, f.unit());
        }
    }
}
