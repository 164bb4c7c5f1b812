package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.ScampJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scamp list}, {@code watch}, {@code inspect}, routed {@code request} and {@code serve --announce}, as separate processes. */
class DiscoveryCommandsIT {
    private static final Path INTEROP = Path.of("../shared/fixtures/interop");

    @TempDir
    Path dir;

    @Test
    void listJsonOfARealCache() throws Exception {
        // Staleness comes from the file's mtime, which a fresh checkout sets to "now": pin it.
        Path cache = dir.resolve("rs-discovery_cache_file");
        Files.copy(INTEROP.resolve("rs-discovery_cache_file"), cache);
        Files.setLastModifiedTime(cache, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        Result r = run(List.of("list", "--json", "--all", "--cache", cache.toString()));

        assertThat(r.exit).isZero();
        JsonNode table = ScampJson.mapper().readTree(r.stdout);
        assertThat(table.get("stale").asBoolean()).isTrue();
        assertThat(table.get("services")).hasSize(4);
        assertThat(table.get("rejected")).isEmpty();
        int actions = 0;
        for (JsonNode s : table.get("services")) {
            actions += s.get("actions").size();
            assertThat(s.get("timestamp").isNumber()).isTrue();
            assertThat(s.get("weight").isIntegralNumber()).isTrue();
            assertThat(s.get("fingerprint").asText()).isEqualTo("BC:6E:86:C2:46:44:F7:DC:7F:1D:17:89:D1:9A:E5:09:E4:08:8B:B0");
        }
        assertThat(actions).isEqualTo(741);
        JsonNode first = table.get("services").get(0).get("actions").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("sector", "name", "version", "flags", "envelopes");
    }

    @Test
    void listHonoursAuthorizedServices() throws Exception {
        Path rules = dir.resolve("authorized_services");
        Files.writeString(rules, "BC:6E:86:C2:46:44:F7:DC:7F:1D:17:89:D1:9A:E5:09:E4:08:8B:B0 Auth\n");

        Result r = run(List.of("list", "--json", "--authorized", rules.toString(), "--cache", INTEROP.resolve("rs-discovery_cache_file").toString()));

        JsonNode table = ScampJson.mapper().readTree(r.stdout);
        List<String> names = new ArrayList<>();
        table.get("services").forEach(s -> s.get("actions").forEach(a -> names.add(a.get("name").asText())));
        assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(n).matches("(Auth\\..*|_meta\\..*)"));
    }

    @Test
    void inspectReportsEachFailureWithItsReason() throws Exception {
        Path cache = dir.resolve("mixed");
        Files.writeString(cache, Files.readString(INTEROP.resolve("go-sample_discovery_cache")) + "\n%%%\n"
                + Files.readString(INTEROP.resolve("rs-service_info_packet_v3_full.txt")));

        Result bad = run(List.of("inspect", cache.toString()));
        Result good = run(List.of("inspect", INTEROP.resolve("rs-discovery_cache_file").toString()));

        assertThat(bad.exit).isEqualTo(1);
        assertThat(new String(bad.stdout, StandardCharsets.UTF_8)).contains("FAILED #2 mainapi:4HaM4TN5IVSLNfqhERfKvsVu: signature does not verify")
                .contains("2 records, 1 verified, 1 failed");
        assertThat(good.exit).isZero();
        assertThat(new String(good.stdout, StandardCharsets.UTF_8)).contains("4 records, 4 verified, 0 failed");
    }

    @Test
    void inspectReportsARecordThatIsNotUtf8AndVerifiesTheRest() throws Exception {
        Path cache = dir.resolve("not-utf8");
        byte[] good = Files.readAllBytes(INTEROP.resolve("rs-discovery_cache_file"));
        byte[] broken = "\n%%%\n[3,\"broken:1\"]\n\u00ff\u00c3\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] file = java.util.Arrays.copyOf(good, good.length + broken.length);
        System.arraycopy(broken, 0, file, good.length, broken.length);
        Files.write(cache, file);

        Result r = run(List.of("inspect", cache.toString()));

        String out = new String(r.stdout, StandardCharsets.UTF_8);
        assertThat(r.exit).as(r.stderr).isEqualTo(1);
        assertThat(out).contains("FAILED #5 (unknown identity): record #5 is not valid UTF-8").contains("5 records, 4 verified, 1 failed");
    }

    @Test
    void servedAnnouncedRoutedListedWatchedAndGone() throws Exception {
        Path cache = dir.resolve("discovery_cache");
        Process watch = scamp(List.of("watch", "--json", "--all", "--cache", cache.toString())).start();
        Process serve = scamp(List.of("serve", "--name", "announced", "--announce", "cache:" + cache)).start();
        try {
            BufferedReader watchOut = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
            JsonNode listening = ScampJson.mapper().readTree(new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine());
            String ident = listening.get("ident").asText();

            Result routed = run(List.of("request", "Scamp.echo", "--all", "--cache", cache.toString(), "--data", "found by name"));
            assertThat(routed.exit).isZero();
            assertThat(new String(routed.stdout, StandardCharsets.UTF_8)).isEqualTo("found by name");

            Result listed = run(List.of("list", "--json", "--all", "--cache", cache.toString()));
            JsonNode table = ScampJson.mapper().readTree(listed.stdout);
            assertThat(table.get("services")).singleElement().satisfies(s -> {
                assertThat(s.get("ident").asText()).isEqualTo(ident);
                assertThat(s.get("fingerprint").asText()).isEqualTo(listening.get("fingerprint").asText());
            });

            JsonNode added = readUntil(watchOut, line -> line.has("added") && line.get("added").size() > 0);
            assertThat(added.get("added").get(0).get("ident").asText()).isEqualTo(ident);

            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(serve.exitValue()).isZero();
            JsonNode removed = readUntil(watchOut, line -> line.get("removed").size() > 0);
            assertThat(removed.get("removed").get(0).get("ident").asText()).isEqualTo(ident);
            assertThat(removed.get("services").asInt()).isZero();

            Result none = run(List.of("request", "Scamp.echo", "--all", "--cache", cache.toString(), "--data", "x"));
            assertThat(none.exit).isEqualTo(4);
            assertThat(none.stderr).contains("main:scamp.echo.v1");
        } finally {
            serve.destroyForcibly();
            watch.destroy();
            assertThat(watch.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(watch.exitValue()).isZero();
        }
    }

    private static JsonNode readUntil(BufferedReader lines, java.util.function.Predicate<JsonNode> wanted) throws Exception {
        String line;
        while ((line = lines.readLine()) != null) {
            JsonNode node = ScampJson.mapper().readTree(line);
            if (wanted.test(node)) {
                return node;
            }
        }
        throw new AssertionError("watch ended without the expected line");
    }

    private ProcessBuilder scamp(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "io.scamp.cli.ScampCommand"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SCAMP_STATE_DIR", dir.resolve("state").toString());
        pb.environment().remove("SCAMP_CONFIG");
        pb.environment().remove("SCAMP");
        return pb;
    }

    private Result run(List<String> args) throws Exception {
        Process p = scamp(args).start();
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            p.getOutputStream().close();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return new Result(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Result(int exit, byte[] stdout, String stderr) {
    }
}
