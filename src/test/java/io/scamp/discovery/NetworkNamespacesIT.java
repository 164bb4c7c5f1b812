package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.ScampJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multicast discovery and a request between two hosts: two network namespaces joined by a
 * veth pair, a service announcing in one, {@code scamp watch --multicast} and a routed
 * {@code scamp request} in the other. Needs root and iproute2 (skipped otherwise); the
 * namespaces are created and removed here, and no traffic leaves them.
 */
class NetworkNamespacesIT {
    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(10000, 99999));
    private final String hostA = "scampA" + suffix;
    private final String hostB = "scampB" + suffix;
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void createHosts() throws Exception {
        assumeTrue(canRun("ip", "netns", "list"), "needs root and iproute2 (ip netns)");
        sh("ip netns add " + hostA);
        sh("ip netns add " + hostB);
        sh("ip link add va" + suffix + " netns " + hostA + " type veth peer name vb" + suffix + " netns " + hostB);
        sh("ip -n " + hostA + " addr add 10.231.7.1/24 dev va" + suffix);
        sh("ip -n " + hostB + " addr add 10.231.7.2/24 dev vb" + suffix);
        for (String[] host : new String[][] {{hostA, "va" + suffix}, {hostB, "vb" + suffix}}) {
            sh("ip -n " + host[0] + " link set lo up");
            sh("ip -n " + host[0] + " link set " + host[1] + " up");
            sh("ip -n " + host[0] + " route add 224.0.0.0/4 dev " + host[1]);
        }
    }

    @AfterEach
    void removeHosts() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        canRun("ip", "netns", "delete", hostA);
        canRun("ip", "netns", "delete", hostB);
    }

    @Test
    void serviceAnnouncedOnOneHostIsFoundAndCalledFromTheOther() throws Exception {
        Path configA = config("a.conf", "10.231.7.1");
        Path configB = config("b.conf", "10.231.7.2");
        Process watch = start(hostB, configB, "watch", "--json", "--multicast", "--all");
        Process serve = start(hostA, configA, "serve", "--bind", "10.231.7.1", "--name", "netns", "--announce", "multicast");
        JsonNode listening = ScampJson.mapper().readTree(new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine());

        BufferedReader lines = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
        JsonNode seen = null;
        String line;
        while ((line = lines.readLine()) != null) {
            JsonNode node = ScampJson.mapper().readTree(line);
            if (node.get("added").size() > 0) {
                seen = node.get("added").get(0);
                break;
            }
        }
        assertThat(seen).as("watch on host B saw the service").isNotNull();
        assertThat(seen.get("ident").asText()).isEqualTo(listening.get("ident").asText());
        assertThat(seen.get("address").asText()).isEqualTo("beepish+tls://10.231.7.1:" + listening.get("address").asText().replaceAll(".*:", ""));

        Process request = start(hostB, configB, "request", "Scamp.echo", "--multicast", "--all", "--data", "across hosts");
        String out = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(request.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(request.exitValue()).isZero();
        assertThat(out).isEqualTo("across hosts");
    }

    private Path config(String name, String address) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "service.address = " + address + "\ndiscovery.address = " + address + "\n"
                + "discovery.cache_path = " + dir.resolve(name + ".cache") + "\n");
        return file;
    }

    private Process start(String host, Path config, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", host,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), "io.scamp.cli.ScampCommand"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("SCAMP_CONFIG", config.toString());
        pb.environment().put("SCAMP_STATE_DIR", dir.resolve("state-" + host).toString());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static boolean canRun(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void sh(String command) throws Exception {
        Process p = new ProcessBuilder(command.split(" ")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
    }
}
