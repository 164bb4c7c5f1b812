package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.ScampJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scamp serve --metrics HOST:PORT} serves the service's meters in Prometheus text format
 * at {@code /metrics}, with a call it answered in them; {@code --stats} prints a line of figures
 * per interval on stderr whose counts add up to the traffic.
 */
class ServeMetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern STATS = Pattern.compile(
            "scamp serve stats: interval=200ms calls=(\\d+) errors=(\\d+) bytes_in=(\\d+) bytes_out=(\\d+) connections=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void servesTheMetersOverHttpAndPrintsStatsLinesOnStderr() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), "io.scamp.cli.ScampCommand", "serve",
                "--metrics", "127.0.0.1:0", "--stats", "--stats-interval-millis", "200"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SCAMP_STATE_DIR", dir.resolve("state").toString());
        pb.environment().put("SCAMP_CONFIG", java.nio.file.Files.writeString(dir.resolve("scamp.conf"), "# nothing\n").toString());
        Process serve = pb.start();
        BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    stderr.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "serve-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            JsonNode listening = ScampJson.mapper().readTree(
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine());
            String url = listening.path("metrics").asText();
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/metrics");
            Endpoint target = Endpoint.of(listening.path("address").asText(), listening.path("fingerprint").asText());
            try (ScampClient client = ScampClient.create()) {
                String echoed = client.request(target, Request.builder("Scamp.echo").body("hello".getBytes(StandardCharsets.UTF_8)).build())
                        .flatMap(Reply::bodyAsString).block(WAIT);
                assertThat(echoed).isEqualTo("hello");

                HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
                assertThat(http.getResponseCode()).isEqualTo(200);
                assertThat(http.getContentType()).startsWith("text/plain; version=0.0.4");
                String scrape = new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(scrape.lines().filter(l -> l.startsWith("scamp_calls_seconds_count{") && l.contains("action=\"Scamp.echo\"")
                        && l.contains("outcome=\"ok\"") && l.contains("side=\"service\"") && l.endsWith(" 1"))).hasSize(1);
                assertThat(scrape.lines().filter(l -> l.startsWith("scamp_data_received_bytes_total{side=\"service\"}")))
                        .containsExactly("scamp_data_received_bytes_total{side=\"service\"} 5.0");
                for (String meter : List.of("scamp_calls_body_seconds_count", "scamp_calls_active", "scamp_data_sent_bytes_total",
                        "scamp_packets_received_total", "scamp_packets_sent_total", "scamp_connections_open", "scamp_connections_opened_total",
                        "scamp_connections_handshake_seconds_count", "scamp_flow_window_wait_seconds_count", "scamp_flow_window_bytes_count",
                        "scamp_flow_read_pauses_total")) {
                    assertThat(scrape).as("the scrape has %s", meter).containsPattern("(?m)^" + meter + "\\{");
                }
                HttpURLConnection elsewhere = (HttpURLConnection) URI.create(url.replace("/metrics", "/other")).toURL().openConnection();
                assertThat(elsewhere.getResponseCode()).isEqualTo(404);

                long[] sums = new long[4];
                boolean sawTheConnection = false;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (sums[0] < 1 || sums[2] < 5 || sums[3] < 5) {
                    String line = stderr.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    assertThat(line).as("a stats line within %s; sums so far %s", WAIT, java.util.Arrays.toString(sums)).isNotNull();
                    Matcher m = STATS.matcher(line);
                    if (m.matches()) {
                        for (int i = 0; i < 4; i++) {
                            sums[i] += Long.parseLong(m.group(i + 1));
                        }
                        sawTheConnection |= m.group(5).equals("1");
                    }
                }
                assertThat(sums).containsExactly(1, 0, 5, 5);
                assertThat(sawTheConnection).isTrue();
            }
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void aMetricsAddressThatIsNotHostPortIsBadUsage() {
        InProcess.Result result = InProcess.run("serve", "--metrics", "nowhere");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.stderr()).contains("--metrics").contains("HOST:PORT");
        assertThat(result.stdout()).isEmpty();
    }
}
