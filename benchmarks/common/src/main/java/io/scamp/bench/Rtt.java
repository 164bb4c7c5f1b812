package io.scamp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The round-trip time of the RTT sweep ({@code benchmarks/run --rtt 0,0.5,2,10},
 * {@code benchmarks/ab ... --rtt MS}): {@code -Dbench.rtt_ms=MS} on a runner's JVM puts the
 * {@code DelayProxy} (module {@code benchmarks/delay}) between the runner's clients and its
 * server, each direction delayed by half the RTT; 0 connects directly. Every system is
 * measured the same way: its runner calls {@link #front} with its server's port and connects
 * its clients to the port returned. The proxy runs in a JVM of its own, the same for every
 * system (RSocket's runner has Netty 4.1 on its class path, the others 4.2), so its buffers
 * and its collector stay out of the runner's heap figures; it still shares the machine's
 * CPUs, as the runner's own threads do.
 *
 * <p>Options, as system properties of the runner: {@code bench.proxy.bound} (bytes held per
 * direction of a connection before the proxy stops reading, {@code DelayProxy.DEFAULT_BOUND},
 * 32 MiB, by default), {@code bench.proxy.jvm} (the proxy JVM's flags), {@code bench.dir}
 * (the benchmarks directory, found from this class's location otherwise).
 */
public final class Rtt {
    private static final String PROPERTY = "bench.rtt_ms";

    private Rtt() {
    }

    /** Whether this JVM is part of an RTT sweep ({@code -Dbench.rtt_ms} given, 0 included). */
    public static boolean sweep() {
        return System.getProperty(PROPERTY) != null;
    }

    /** The round-trip time to add, in milliseconds; 0 outside a sweep. */
    public static double millis() {
        String v = System.getProperty(PROPERTY);
        return v == null ? 0 : Double.parseDouble(v);
    }

    /** The suffix of this sweep's figure names, e.g. {@code _rtt0.5}; empty outside a sweep. */
    public static String suffix() {
        return sweep() ? suffix(millis()) : "";
    }

    /** {@code _rtt} and the RTT in ms without trailing zeros: {@code _rtt0}, {@code _rtt0.5}, {@code _rtt10}. */
    public static String suffix(double rttMillis) {
        return "_rtt" + label(rttMillis);
    }

    /** The RTT in ms without trailing zeros ({@code 0}, {@code 0.5}, {@code 10}). */
    public static String label(double rttMillis) {
        return BigDecimal.valueOf(rttMillis).stripTrailingZeros().toPlainString();
    }

    /**
     * What a runner's clients connect to for a server on loopback port {@code serverPort}: the
     * server itself when the RTT is 0, else a delay proxy started in front of it.
     */
    public static Front front(int serverPort) throws IOException {
        return front(serverPort, millis());
    }

    /** {@link #front(int)} for a given RTT, for the orchestrator's own checks. */
    public static Front front(int serverPort, double rtt) throws IOException {
        if (rtt <= 0) {
            return new Front(serverPort, null);
        }
        long bound = Long.getLong("bench.proxy.bound", 32L << 20);
        Path dir = benchDir();
        String classpath = dir.resolve("delay/target/classes") + ":" + Files.readString(dir.resolve("delay/target/classpath.txt")).strip();
        // Direct memory: up to a bound per direction of a few connections at once, and Netty's pools.
        String flags = System.getProperty("bench.proxy.jvm", "-Xmx64m -XX:+UseParallelGC -XX:MaxDirectMemorySize=" + ((4 * bound >> 20) + 64) + "m");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(flags.trim().split("\\s+")));
        command.addAll(List.of("-cp", classpath, "io.scamp.bench.DelayProxy", "127.0.0.1:" + serverPort, Double.toString(rtt / 2),
                Long.toString(bound)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("LISTENING ")) {
            p.destroyForcibly();
            throw new IOException("the delay proxy did not start (" + line + "); built? (benchmarks/run builds it)");
        }
        System.err.printf("delay proxy: %s ms RTT in front of port %d, bound %d MiB per direction%n", label(rtt), serverPort, bound >> 20);
        return new Front(Integer.parseInt(line.substring("LISTENING ".length()).trim()), p);
    }

    private static Path benchDir() {
        String dir = System.getProperty("bench.dir");
        if (dir != null) {
            return Path.of(dir);
        }
        try {
            // .../benchmarks/common/target/classes
            return Path.of(Rtt.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent().getParent().getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where clients connect; closing it stops the proxy (it prints what it forwarded on stderr). */
    public static final class Front implements AutoCloseable {
        private final int port;
        private final Process proxy;

        private Front(int port, Process proxy) {
            this.port = port;
            this.proxy = proxy;
        }

        /** The loopback port clients connect to. */
        public int port() {
            return port;
        }

        /** Whether a proxy is in between (an RTT above 0). */
        public boolean proxied() {
            return proxy != null;
        }

        @Override
        public void close() {
            if (proxy == null) {
                return;
            }
            try {
                proxy.getOutputStream().close(); // the proxy stops at the end of its stdin
                if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
                    proxy.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                proxy.destroyForcibly();
            }
        }
    }
}
