package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.client.Endpoint;
import io.scamp.message.ScampJson;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.HostilePeers.Packet;
import io.scamp.testing.HostilePeers.PacketReader;
import io.scamp.testing.HostilePeers.Peer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scamp serve} takes its limits from the configuration file ($SCAMP_CONFIG), and refuses an unusable one;
 * {@code --address-scheme scamp+tls} announces the older address form.
 */
class ServeConfigIT {
    @TempDir
    Path dir;

    @Test
    void serveAppliesTheConfiguredLimitOfOpenRequestsPerConnection() throws Exception {
        Path conf = Files.writeString(dir.resolve("scamp.conf"), "service.max_open_requests_per_connection = 1\n");
        Process serve = serve(conf).start();
        try {
            JsonNode listening = ScampJson.mapper().readTree(
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine());
            Endpoint target = Endpoint.of(listening.path("address").asText(), listening.path("fingerprint").asText());
            try (Peer peer = HostilePeers.connect(target)) {
                // two requests whose bodies never end: the first runs, the second is over the limit of 1
                peer.out().write(HostilePeers.requestHeader(0, "Scamp.sink", 1));
                peer.out().write(HostilePeers.requestHeader(1, "Scamp.sink", 2));
                peer.out().flush();
                PacketReader reader = new PacketReader(peer.in());
                Packet reply = reader.next();
                while (reply != null && !reply.type().equals("HEADER")) {
                    reply = reader.next();
                }
                assertThat(reply).as("a reply header").isNotNull();
                JsonNode header = ScampJson.mapper().readTree(reply.body());
                assertThat(header.path("request_id").asLong()).isEqualTo(2);
                assertThat(header.path("error_code").asText()).isEqualTo("busy");
                assertThat(header.path("error").asText()).contains("limit 1");
            }
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void serveRefusesAnUnusableValueNamingTheKey() throws Exception {
        Path conf = Files.writeString(dir.resolve("scamp.conf"), "beepish.handshake_timeout = soon\n");
        Process serve = serve(conf).redirectErrorStream(true).start();
        try {
            String output = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(serve.exitValue()).isNotZero();
            assertThat(output).contains("beepish.handshake_timeout").doesNotContain("\"event\":\"listening\"");
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void serveAnnouncesTheOlderSchemeWhenAskedAndStaysReachable() throws Exception {
        Path conf = Files.writeString(dir.resolve("scamp.conf"), "# nothing\n");
        Path cache = dir.resolve("discovery_cache");
        Process serve = serve(conf, "--address-scheme", "scamp+tls", "--announce", "cache:" + cache).start();
        try {
            JsonNode listening = ScampJson.mapper().readTree(
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine());
            String address = listening.path("address").asText();
            assertThat(address).startsWith("scamp+tls://127.0.0.1:");
            io.scamp.discovery.AnnouncementRecord record = io.scamp.discovery.CacheFileReader.read(cache).records().get(0);
            assertThat(record.address()).isEqualTo(address);
            try (io.scamp.client.ScampClient client = io.scamp.client.ScampClient.create()) {
                String echoed = client.request(Endpoint.of(record.address(), record.fingerprint()),
                                io.scamp.message.Request.builder("Scamp.echo").body("old scheme".getBytes(StandardCharsets.UTF_8)).build())
                        .flatMap(io.scamp.message.Reply::bodyAsString).block(java.time.Duration.ofSeconds(30));
                assertThat(echoed).isEqualTo("old scheme");
            }
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    private ProcessBuilder serve(Path conf, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "io.scamp.cli.ScampCommand", "serve"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SCAMP_STATE_DIR", dir.resolve("state").toString());
        pb.environment().put("SCAMP_CONFIG", conf.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb;
    }
}
