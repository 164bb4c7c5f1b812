package io.scamp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.ScampJson;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium for browser tests, with a profile in a directory of the test's and its
 * DevTools endpoint on a free loopback port (read from the line Chromium prints on stderr).
 * {@link #close()} stops it and every process it started.
 */
final class Chromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final int port;

    private Chromium(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The binary: {@code -Dchromium=PATH}, else {@code chromium} or {@code chromium-browser} on the PATH. */
    static Optional<Path> binary() {
        String given = System.getProperty("chromium");
        if (given != null) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts {@code binary} headless on about:blank with its profile in {@code profile}, a window of {@code width} x {@code height}. */
    static Chromium start(Path binary, Path profile, int width, int height) throws IOException {
        // --no-sandbox: tests run as root in containers, where Chromium's sandbox cannot start; the page is our own, on loopback.
        Process process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-breakpad", "--mute-audio", "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        List<String> said = new ArrayList<>();
        try {
            for (String line; (line = stderr.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(() -> discard(stderr), "chromium-stderr");
                    drain.setDaemon(true);
                    drain.start();
                    return new Chromium(process, Integer.parseInt(m.group(1)));
                }
                if (said.size() < 50) {
                    said.add(line);
                }
            }
            throw new IOException("Chromium ended without a DevTools endpoint: " + String.join("\n", said));
        } catch (IOException | RuntimeException e) {
            new Chromium(process, 0).close();
            throw e;
        }
    }

    /** The DevTools WebSocket of the first page (the about:blank tab it started with). */
    URI pageSocket() throws IOException, InterruptedException {
        HttpResponse<String> list = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : ScampJson.mapper().readTree(list.body())) {
            if ("page".equals(target.path("type").asText())) {
                return URI.create(target.get("webSocketDebuggerUrl").asText());
            }
        }
        throw new IOException("no page target in " + list.body());
    }

    private static void discard(BufferedReader stderr) {
        try {
            while (stderr.readLine() != null) {
                // Chromium's own warnings: not the test's business
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }

    /** Stops Chromium and the processes it started (renderers, zygotes), then waits for them. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                try {
                    child.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    child.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
