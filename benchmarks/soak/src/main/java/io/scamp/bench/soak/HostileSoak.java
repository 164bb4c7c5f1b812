package io.scamp.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scamp.client.ScampClient;
import io.scamp.connection.ReceiveLimits;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hostile-peer soak ({@code benchmarks/hostile}): {@code bin/scamp serve} at {@code -Xmx64m};
 * a quiet phase of legitimate load ({@link LegitLoad}), then the same load while hostile peers
 * ({@link Attackers}, in a JVM of their own) attack the service for as long. Prints the
 * legitimate calls' success rate and p99 in both phases, the service's heap after GC and peak
 * RSS, the bytes the hostile peers pushed, and whether the service still serves at the end,
 * against the targets of the hardening issue; writes the same to
 * {@code benchmarks/results/hostile.json}. Exits 1 if a target is missed.
 *
 * <p>Arguments: {@code BENCH_DIR [--seconds S] [--clients N] [--per-client K] [--rate CALLS_PER_S]
 * [--hostile M] [--transfer-mib T] [--nice N]}. The attackers run under {@code nice -n 10}
 * (or {@code --nice N}; 0 for none): on this one machine their own TLS encryption would
 * otherwise compete with the service for the same two cores, which attackers elsewhere do not;
 * what the service spends on their bytes it spends in any case. The service's live heap is
 * sampled by a full GC every 5 s in both phases.
 */
public final class HostileSoak {
    private static final double MIB = 1 << 20;
    private static final double GIB = 1 << 30;
    /** How often the service is made to run a full GC, so that its live heap can be read. */
    private static final Duration HEAP_SAMPLE = Duration.ofSeconds(5);

    private HostileSoak() {
    }

    public static void main(String[] args) throws Exception {
        Path bench = Path.of(args[0]).toAbsolutePath();
        Map<String, String> options = options(args);
        Duration phase = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--seconds", "60")));
        int clients = Integer.parseInt(options.getOrDefault("--clients", "8"));
        int perClient = Integer.parseInt(options.getOrDefault("--per-client", "2"));
        int rate = Integer.parseInt(options.getOrDefault("--rate", "1000"));
        int hostile = Integer.parseInt(options.getOrDefault("--hostile", "16"));
        long transfer = Long.parseLong(options.getOrDefault("--transfer-mib", "256")) << 20;
        int nice = Integer.parseInt(options.getOrDefault("--nice", "10"));
        Path work = Files.createDirectories(bench.resolve("results/hostile"));

        System.err.printf("hostile soak: scamp serve at -Xmx64m; %d clients x %d loops, %d calls/s in all, and a %d MiB echo;"
                + " %d s quiet, then %d s with %d hostile peers%s%n", clients, perClient, rate, transfer >> 20, phase.toSeconds(),
                phase.toSeconds(), hostile, nice != 0 ? " (at nice " + nice + ")" : "");
        try (ServeProcess serve = ServeProcess.start(bench.getParent(), work)) {
            java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "soak-heap-sampler");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleWithFixedDelay(serve::collectNow, 1, HEAP_SAMPLE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            long quietMark = serve.gcLogMark();
            LegitLoad.Result quiet = LegitLoad.run(serve.endpoint(), clients, perClient, rate, phase, transfer);
            ServeProcess.HeapAfterGc quietHeap = serve.heapAfterGcSince(quietMark);
            long quietRss = serve.peakRssBytes();
            System.err.println("quiet phase done; attacking");

            long hostileMark = serve.gcLogMark();
            Process attackers = startAttackers(serve, hostile, nice);
            LegitLoad.Result attacked;
            JsonNode attack;
            try {
                BufferedReader attackOut = new BufferedReader(new InputStreamReader(attackers.getInputStream(), StandardCharsets.UTF_8));
                if (!"attacking".equals(attackOut.readLine())) {
                    throw new IOException("the attackers did not start");
                }
                attacked = LegitLoad.run(serve.endpoint(), clients, perClient, rate, phase, transfer);
                attackers.getOutputStream().close();
                attack = new ObjectMapper().readTree(attackOut.readLine());
            } finally {
                attackers.destroyForcibly();
            }
            ServeProcess.HeapAfterGc attackedHeap = serve.heapAfterGcSince(hostileMark);
            long attackedRss = serve.peakRssBytes();
            sampler.shutdownNow();
            String after = callAfter(serve);
            boolean aliveAfter = serve.isAlive();
            int exit = serve.stop();
            report(work, phase, quiet, attacked, quietHeap, attackedHeap, quietRss, attackedRss, attack, after, aliveAfter, exit);
        }
    }

    private static Process startAttackers(ServeProcess serve, int peers, int nice) throws IOException {
        List<String> command = new ArrayList<>();
        if (nice != 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(nice)));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Attackers.class.getName(),
                serve.endpoint().address(), serve.endpoint().fingerprint(), Integer.toString(peers)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** One legitimate call after the attack: {@code null} if answered right, else what went wrong. */
    private static String callAfter(ServeProcess serve) {
        try (ScampClient client = ScampClient.create()) {
            String back = client.request(serve.endpoint(), Request.builder("Scamp.echo").body("after".getBytes(StandardCharsets.UTF_8)).build())
                    .flatMap(Reply::bodyAsString).block(LegitLoad.CALL_TIMEOUT);
            return "after".equals(back) ? null : "answered " + back;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private static void report(Path work, Duration phase, LegitLoad.Result quiet, LegitLoad.Result attacked, ServeProcess.HeapAfterGc quietHeap,
            ServeProcess.HeapAfterGc attackedHeap, long quietRss, long attackedRss, JsonNode attack, String after,
            boolean aliveAfter, int exit) throws IOException {
        long budget = ReceiveLimits.forHeap(ServeProcess.HEAP).totalBytes();
        double quietP99 = quiet.micros().getValueAtPercentile(99) / 1000.0;
        double attackedP99 = attacked.micros().getValueAtPercentile(99) / 1000.0;
        long pushed = attack.path("pushedBytes").asLong();
        Map<String, Boolean> targets = new LinkedHashMap<>();
        targets.put("every legitimate call answered right", quiet.answered() == quiet.attempted()
                && attacked.answered() == attacked.attempted() && quiet.transferOk() && attacked.transferOk());
        targets.put("p99 under attack <= 3x quiet", attackedP99 <= 3 * quietP99);
        targets.put("live heap under attack <= quiet + receive budget", attackedHeap.peakBytes() <= quietHeap.peakBytes() + budget);
        targets.put(">= 10 GiB pushed by hostile peers", pushed >= 10L << 30);
        targets.put("service alive and serving at the end", after == null && aliveAfter && exit == 0);

        System.out.printf("%n%-40s %18s %18s%n", "", "quiet", "hostile");
        System.out.printf("%-40s %18s %18s%n", "legitimate small calls answered", quiet.answered() + "/" + quiet.attempted(),
                attacked.answered() + "/" + attacked.attempted());
        System.out.printf("%-40s %18s %18s%n", "  failures", quiet.failures(), attacked.failures());
        System.out.printf("%-40s %18s %18s%n", "  p50 / p99 / max (ms)", latencies(quiet), latencies(attacked));
        System.out.printf("%-40s %18s %18s%n", "  calls/s", rate(quiet, phase), rate(attacked, phase));
        System.out.printf("%-40s %18s %18s%n", (quiet.transferBytes() >> 20) + " MiB echo (s)", transfer(quiet), transfer(attacked));
        System.out.printf("%-40s %18s %18s%n", "service live heap, peak (MiB)", mib(quietHeap.peakBytes()) + " in " + quietHeap.collections()
                + " GCs", mib(attackedHeap.peakBytes()) + " in " + attackedHeap.collections() + " GCs");
        System.out.printf("%-40s %18s %18s%n", "service peak RSS so far (MiB)", mib(quietRss), mib(attackedRss));
        System.out.printf("p99 ratio %.2fx; heap max 64 MiB, receive budget %s MiB; hostile bytes pushed %.2f GiB%n",
                attackedP99 / quietP99, mib(budget), pushed / GIB);
        attack.path("attacks").fields().forEachRemaining(e -> System.out.printf("  %-26s %2d peers %7d connections %9.1f MiB  ended by service: %s%n",
                e.getKey(), e.getValue().path("peers").asInt(), e.getValue().path("connections").asLong(),
                e.getValue().path("pushedBytes").asLong() / MIB, e.getValue().path("endedByService")));
        System.out.printf("after the attack: %s; exit code at SIGTERM %d%n", after == null ? "answered a call" : after, exit);
        targets.forEach((name, met) -> System.out.printf("  [%s] %s%n", met ? "met" : "MISSED", name));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("quiet", phase(quiet, quietHeap, quietRss));
        json.put("hostile", phase(attacked, attackedHeap, attackedRss));
        json.put("p99Ratio", attackedP99 / quietP99);
        json.put("receiveBudgetBytes", budget);
        json.put("attack", attack);
        json.put("callAfterAttack", after == null ? "answered" : after);
        json.put("exitCode", exit);
        json.put("targets", targets);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(work.resolveSibling("hostile.json").toFile(), json);
        if (targets.containsValue(false)) {
            System.exit(1);
        }
    }

    private static Map<String, Object> phase(LegitLoad.Result r, ServeProcess.HeapAfterGc heap, long rss) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempted", r.attempted());
        m.put("answered", r.answered());
        m.put("failures", r.failures());
        m.put("p50Ms", r.micros().getValueAtPercentile(50) / 1000.0);
        m.put("p99Ms", r.micros().getValueAtPercentile(99) / 1000.0);
        m.put("maxMs", r.micros().getMaxValue() / 1000.0);
        m.put("transferSeconds", r.transferSeconds());
        m.put("transferFailure", r.transferFailure());
        m.put("heapAfterGcPeakBytes", heap.peakBytes());
        m.put("collections", heap.collections());
        m.put("peakRssBytes", rss);
        return m;
    }

    private static String latencies(LegitLoad.Result r) {
        return String.format("%.2f / %.2f / %.0f", r.micros().getValueAtPercentile(50) / 1000.0,
                r.micros().getValueAtPercentile(99) / 1000.0, r.micros().getMaxValue() / 1000.0);
    }

    private static String rate(LegitLoad.Result r, Duration phase) {
        return String.format("%.0f", r.answered() / (double) phase.toSeconds());
    }

    private static String transfer(LegitLoad.Result r) {
        return r.transferOk() ? String.format("%.1f ok", r.transferSeconds()) : "FAILED " + r.transferFailure();
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format("%.1f", bytes / MIB);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        return options;
    }
}
