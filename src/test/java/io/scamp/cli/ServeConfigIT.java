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

/** {@code scamp serve} takes its limits from the configuration file ($SCAMP_CONFIG), and refuses an unusable one. */
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

    private ProcessBuilder serve(Path conf) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "io.scamp.cli.ScampCommand", "serve"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SCAMP_STATE_DIR", dir.resolve("state").toString());
        pb.environment().put("SCAMP_CONFIG", conf.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb;
    }
}
