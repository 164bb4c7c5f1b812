package io.scamp.cli;

import static io.scamp.cli.SignedRecords.action;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.CacheFileFormat;
import io.scamp.discovery.CacheFileWriter;
import io.scamp.message.ScampJson;
import io.scamp.testing.ForkedJvm;
import io.scamp.testing.ProjectFixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scamp dashboard} in a real browser: a headless Chromium, driven over the DevTools
 * protocol, opens the page of a dashboard process on a cache file; a service written into the
 * file after the page loaded appears without a reload, one taken out disappears, and a record
 * whose fields are HTML stays text. Skipped when no Chromium is installed ({@code .ci/run}
 * installs Debian's {@code chromium}).
 *
 * <p>The page with its services is saved to {@code target/dashboard.png}; with
 * {@code -Dscamp.dashboard.screenshot=docs/dashboard.png} also there (how the README's picture
 * is made; CI leaves docs/ as it is).
 */
class DashboardBrowserIT {
    private static final String XSS_ACTION = "Scamp.<img src=x onerror=__xss=1>";
    private static final String XSS_IDENT = "<img src=x onerror=__xss=2>:rejected";

    @TempDir
    Path dir;

    @Test
    void aServiceAnnouncedAfterThePageLoadedAppearsWithoutAReloadAndOneRemovedDisappears() throws Exception {
        Optional<Path> binary = Chromium.binary();
        assumeTrue(binary.isPresent(), "no chromium on the PATH (apt-get install chromium)");

        Path cache = dir.resolve("discovery_cache");
        List<String> records = new ArrayList<>(CacheFileFormat.split(Files.readString(ProjectFixtures.DISCOVERY_CACHE)));
        records.add(tampered());
        CacheFileWriter.write(cache, records);

        Process dashboard = ForkedJvm.start("io.scamp.cli.ScampCommand", Map.of(), "dashboard", "--listen", "127.0.0.1:0",
                "--cache", cache.toString(), "--authorized", ProjectFixtures.AUTHORIZED_SERVICES.toString());
        try (Chromium chromium = Chromium.start(binary.get(), Files.createDirectory(dir.resolve("profile")), 1280, 900)) {
            String line = new BufferedReader(new InputStreamReader(dashboard.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).as("the dashboard's listening line").isNotNull();
            String url = ScampJson.mapper().readTree(line).get("url").asText();
            assertThat(url).startsWith("http://127.0.0.1:");

            try (DevTools page = DevTools.connect(chromium.pageSocket())) {
                page.call("Page.navigate", DevTools.params().put("url", url));
                assertThat(page.waitFor(liveIdents() + ".length === 3 && document.getElementById('status').dataset.state === 'live'", 60))
                        .as("the three services of the cache file, live").isTrue();
                assertThat(page.evaluate("document.getElementById('rejected').textContent").asText()).contains("signature does not verify");
                assertThat(page.evaluate("document.getElementById('freshness').textContent + ' ' + document.getElementById('stale').hidden").asText())
                        .isEqualTo("fresh true");
                page.evaluate("window.loadedOnce = 'the same page'");

                String orders = "orders:" + Long.toHexString(System.nanoTime());
                announce(cache, orders, "beepish+tls://127.0.0.1:30317", List.of(action("Inventory.Order.place", 1, "create", "t30"),
                        action("Inventory.Order.fetch", 2, "read"), action("Scamp.echo", 1)));
                assertThat(page.waitFor(liveIdents() + ".includes('" + orders + "')", 60)).as("the new service, without a reload").isTrue();
                assertThat(page.evaluate("window.loadedOnce").asText()).isEqualTo("the same page");
                assertThat(page.evaluate(row(orders) + ".className").asText()).contains("added");
                assertThat(page.evaluate(row(orders) + ".textContent").asText())
                        .contains("beepish+tls://127.0.0.1:30317", SignedRecords.identity().fingerprint(), "main:Inventory.Order.fetch v2");
                screenshot(page);

                String hostile = "hostile:" + Long.toHexString(System.nanoTime());
                announce(cache, hostile, "beepish+tls://127.0.0.1:30318", List.of(action(XSS_ACTION, 1)));
                CacheFileWriter.update(cache, texts -> {
                    texts.add("[3,\"" + XSS_IDENT + "\",\"main\",1,5000,\"beepish+tls://127.0.0.1:1\",[\"json\"],[],1]");
                    return texts;
                });
                assertThat(page.waitFor(liveIdents() + ".includes('" + hostile + "')", 60)).isTrue();
                assertThat(page.waitFor("document.getElementById('rejected').textContent.includes('" + XSS_IDENT + "')", 60))
                        .as("the unsigned record's ident, as text").isTrue();
                assertThat(page.evaluate(row(hostile) + ".textContent").asText()).contains("main:" + XSS_ACTION + " v1");
                assertThat(page.evaluate("document.querySelectorAll('img').length").asInt()).as("no element made from record fields").isZero();
                assertThat(page.evaluate("typeof window.__xss").asText()).isEqualTo("undefined");

                CacheFileWriter.update(cache, texts -> {
                    texts.removeIf(t -> t.contains(orders) || t.contains(hostile));
                    return texts;
                });
                assertThat(page.waitFor("!" + liveIdents() + ".includes('" + orders + "')", 60)).as("marked removed").isTrue();
                assertThat(page.waitFor("document.querySelector('tbody.service[data-ident=\"" + orders + "\"]') === null", 60))
                        .as("and gone from the page once its flash ended").isTrue();
                assertThat(page.evaluate(liveIdents() + ".length").asInt()).isEqualTo(3);

                Files.setLastModifiedTime(cache, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
                assertThat(page.waitFor("!document.getElementById('stale').hidden", 60)).as("a cache file an hour old is stale").isTrue();
                assertThat(page.evaluate("document.getElementById('freshness').textContent").asText()).isEqualTo("stale");
                assertThat(page.evaluate("window.loadedOnce").asText()).isEqualTo("the same page");
            }
        } finally {
            dashboard.destroy();
            boolean ended = dashboard.waitFor(60, TimeUnit.SECONDS);
            dashboard.destroyForcibly();
            assertThat(ended).isTrue();
            assertThat(dashboard.exitValue()).as("SIGTERM stops the dashboard cleanly").isZero();
        }
    }

    private static String liveIdents() {
        return "[...document.querySelectorAll('tbody.service[data-state=\"live\"]')].map(b => b.dataset.ident)";
    }

    private static String row(String ident) {
        return "document.querySelector('tbody.service[data-state=\"live\"][data-ident=\"" + ident + "\"]')";
    }

    private static void announce(Path cache, String ident, String address, List<ActionEntry> actions) throws Exception {
        String text = SignedRecords.text(ident, address, 1, SignedRecords.now() - 42, actions);
        CacheFileWriter.update(cache, texts -> {
            texts.add(text);
            return texts;
        });
    }

    /** A signed record whose JSON line was changed afterwards: its signature no longer verifies. */
    private static String tampered() {
        String text = SignedRecords.text("payments:tampered", "beepish+tls://127.0.0.1:30319", 1, SignedRecords.now(),
                List.of(action("Billing.Payment.take", 1)));
        return text.replaceFirst("127\\.0\\.0\\.1:30319", "127.0.0.1:30320");
    }

    /** The whole page as it is now, to target/dashboard.png, and where -Dscamp.dashboard.screenshot says. */
    private static void screenshot(DevTools page) throws Exception {
        int height = page.evaluate("document.documentElement.scrollHeight").asInt();
        page.call("Emulation.setDeviceMetricsOverride", DevTools.params().put("width", 1280).put("height", Math.max(height, 400))
                .put("deviceScaleFactor", 1).put("mobile", false));
        JsonNode shot = page.call("Page.captureScreenshot", DevTools.params().put("format", "png"));
        byte[] png = Base64.getDecoder().decode(shot.get("data").asText());
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "dashboard.png"), png);
        String copy = System.getProperty("scamp.dashboard.screenshot");
        if (copy != null && !copy.isBlank()) {
            Files.write(Path.of(copy), png);
        }
    }
}
