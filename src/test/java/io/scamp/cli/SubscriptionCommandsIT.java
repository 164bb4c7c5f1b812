package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.ScampJson;
import io.scamp.service.Notification;
import io.scamp.testing.TestService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scamp subscribe} and {@code scamp notify} as separate processes (the main class
 * {@code bin/scamp} runs) against a service in this JVM, and against {@code scamp serve}.
 */
class SubscriptionCommandsIT {
    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final BlockingQueue<Notification> notified = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A process whose stdout lines arrive in {@code lines}. */
    private record Running(Process process, BlockingQueue<String> lines) {
        String nextLine() throws InterruptedException {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("a line within 60 s").isNotNull();
            return line;
        }

        int exitWithin60s() throws InterruptedException {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            return process.exitValue();
        }
    }

    private Running scamp(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "io.scamp.cli.ScampCommand"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("SCAMP_STATE_DIR", dir.resolve("state").toString());
        Process p = pb.start();
        processes.add(p);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ended) {
                // the process is gone
            }
        }, "stdout of " + args[0]);
        reader.setDaemon(true);
        reader.start();
        p.getOutputStream().close();
        return new Running(p, lines);
    }

    private static JsonNode json(String line) throws Exception {
        return ScampJson.mapper().readTree(line);
    }

    @Test
    void subscribePrintsTheSnapshotThenOneLinePerChangeAndExitsZeroOnSigterm() throws Exception {
        try (TestService service = TestService.start(b -> { })) {
            service.running().publish("greet", "en", "hello");
            Running subscribe = scamp("subscribe", "greet", "--address", service.running().address(),
                    "--fingerprint", service.running().fingerprint(), "--json");

            JsonNode snapshot = json(subscribe.nextLine());
            assertThat(snapshot.get("kind").asText()).isEqualTo("snapshot");
            assertThat(snapshot.at("/data/greet/en").asText()).isEqualTo("hello");

            service.running().publish("greet", "fr", "salut");
            JsonNode change = json(subscribe.nextLine());
            assertThat(change.get("kind").asText()).isEqualTo("change");
            assertThat(change.get("changes")).hasSize(1);
            assertThat(change.at("/changes/0/key").asText()).isEqualTo("fr");
            assertThat(change.at("/changes/0/value").asText()).isEqualTo("salut");
            service.running().publish("greet", "en", null);
            assertThat(json(subscribe.nextLine()).at("/changes/0/value").isNull()).as("a deletion").isTrue();

            subscribe.process().destroy(); // SIGTERM
            assertThat(subscribe.exitWithin60s()).isZero();
        }
    }

    @Test
    void subscribeInTextModeAndARefusedFilterExitsThree() throws Exception {
        try (TestService service = TestService.start(b -> { })) {
            service.running().publish("greet", "en", "hello");
            String address = service.running().address();
            String fingerprint = service.running().fingerprint();
            Running text = scamp("subscribe", "greet", "--address", address, "--fingerprint", fingerprint);
            Running refused = scamp("subscribe", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "--address", address);

            assertThat(text.nextLine()).matches("\\d\\d:\\d\\d(:\\d\\d)? snapshot greet/en = \"hello\"");
            assertThat(refused.exitWithin60s()).isEqualTo(ExitCodes.REMOTE_ERROR);
            text.process().destroy();
            assertThat(text.exitWithin60s()).isZero();
        }
    }

    @Test
    void notifyDeliversOneNotificationAndRefusesDataThatIsNotJson() throws Exception {
        try (TestService service = TestService.start(b -> b.onNotify(notified::add))) {
            Running notify = scamp("notify", "--address", service.running().address(), "--fingerprint", service.running().fingerprint(),
                    "--data", "{\"a\":[1,2]}");
            assertThat(notify.exitWithin60s()).isZero();
            Notification n = notified.poll(30, TimeUnit.SECONDS);
            assertThat(n).isNotNull();
            assertThat(n.body()).isEqualTo(json("{\"a\":[1,2]}"));

            assertThat(scamp("notify", "--address", service.running().address(), "--data", "{not json").exitWithin60s())
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(scamp("notify", "--data", "{}").exitWithin60s()).as("no --address").isEqualTo(ExitCodes.USAGE);
            assertThat(scamp("subscribe", "a").exitWithin60s()).as("no --address").isEqualTo(ExitCodes.USAGE);
            assertThat(scamp("notify", "--address", "beepish+tls://127.0.0.1:1", "--data", "{}").exitWithin60s())
                    .as("nobody there").isEqualTo(ExitCodes.TRANSPORT);
        }
    }

    @Test
    void serveIsWatchedWithSubscribeAndPrintsTheNotificationsItGets() throws Exception {
        Running serve = scamp("serve", "--name", "sub-it");
        JsonNode listening = json(serve.nextLine());
        String address = listening.get("address").asText();
        String fingerprint = listening.get("fingerprint").asText();
        Running subscribe = scamp("subscribe", "announce", "weather", "--address", address, "--fingerprint", fingerprint, "--json");

        JsonNode snapshot = json(subscribe.nextLine());
        assertThat(snapshot.at("/data/announce/").asText()).as("the service's own record").contains(listening.get("ident").asText());

        Running publish = scamp("request", "Scamp.publish", "--address", address, "--fingerprint", fingerprint,
                "--data", "{\"code\":\"weather\",\"key\":\"paris\",\"value\":{\"c\":21}}");
        assertThat(publish.nextLine()).isEqualTo("{\"changed\":true}");
        assertThat(publish.exitWithin60s()).isZero();
        JsonNode change = json(subscribe.nextLine());
        assertThat(change.at("/data/weather/paris/c").asInt()).isEqualTo(21);

        assertThat(scamp("notify", "--address", address, "--fingerprint", fingerprint, "--data", "\"hi\"").exitWithin60s()).isZero();
        assertThat(json(serve.nextLine())).isEqualTo(json("{\"event\":\"notify\",\"body\":\"hi\"}"));

        serve.process().destroy();
        assertThat(serve.exitWithin60s()).isZero();
        subscribe.process().destroy();
        assertThat(subscribe.exitWithin60s()).isZero();
    }
}
