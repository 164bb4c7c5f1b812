package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.AnnouncementParser;
import io.scamp.discovery.AnnouncementRecord;
import io.scamp.discovery.CacheFileFormat;
import io.scamp.message.ScampJson;
import io.scamp.testing.ProjectFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scamp announce}, run in-process: records signed from flags and from a JSON line, in the
 * byte layout of SCAMP.md §7.1 and §7.3, put into and taken out of cache files that
 * {@code inspect} and {@code list} then read, and each kind of bad input refused with its reason.
 */
class AnnounceCommandIT {
    private static final String CERT = ProjectFixtures.SERVICE_CERT.toString();
    private static final String KEY = ProjectFixtures.SERVICE_KEY.toString();

    @TempDir
    Path dir;

    @Test
    void flagsGiveOneRecordAsCacheTextInTheLayoutOfTheOtherImplementations() throws Exception {
        InProcess.Result r = InProcess.run("announce", "--cert", CERT, "--key", KEY, "--ident", "svc:abc",
                "--address", "beepish+tls://127.0.0.1:30100", "--timestamp", "1767225600",
                "--action", "Inventory.Item.fetch:2:read,t30", "--action", "Web.page:3:read:web:json,extdirect");

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("\n%%%\n").endsWith("\n");
        String[] split = r.stdout().split("\n%%%\n", -1);
        assertThat(split).as("scamp-js's split on \\n%%%\\n finds the record").hasSize(2);
        assertThat(split[0]).isEmpty();
        String[] parts = split[1].split("\n\n", -1);
        assertThat(parts).hasSize(3);
        assertThat(parts[0]).isEqualTo("[3,\"svc:abc\",\"main\",1,5000,\"beepish+tls://127.0.0.1:30100\",[\"json\",{\"vmaj\":4,\"vmin\":0,"
                + "\"acname\":[\"page\"],\"acns\":[\"Web\"],\"acsec\":[\"web\"],\"acenv\":[\"json,extdirect\"],\"acver\":[3],\"acflag\":[\"read\"]}],"
                + "[[\"Inventory.Item\",[\"fetch\",\"read,t30\",2]]],1767225600.000]");
        assertThat(parts[1]).isEqualTo(Files.readString(ProjectFixtures.SERVICE_CERT).strip());
        assertThat(parts[2]).endsWith("\n");
        assertThat(parts[2].strip().split("\n")).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(76));

        AnnouncementRecord record = AnnouncementParser.parse(split[1]).verify();
        assertThat(record.fingerprint()).isEqualTo(Files.readString(ProjectFixtures.SERVICE_FINGERPRINT).strip());
        assertThat(record.actions()).extracting(ActionEntry::key).containsExactly("main:inventory.item.fetch.v2", "web:web.page.v3");
        assertThat(record.timestamp()).isEqualTo(1767225600.0);
    }

    @Test
    void aRecordLineIsSignedExactlyAsGivenFromAFileOrStdin() throws Exception {
        String line = "[3,\"js:xyz\",\"main\",1,5000,\"beepish+tls://127.0.0.1:30313\",[\"json\",{}],[[\"bench\",[\"echo\",\"\",1]]],1700000000123]";
        Path file = dir.resolve("record.json");
        Files.writeString(file, line + "\n");

        for (InProcess.Result r : List.of(InProcess.run("announce", "--record", file.toString(), "--cert", CERT, "--key", KEY),
                InProcess.run((line + "\r\n").getBytes(StandardCharsets.UTF_8), "announce", "--record", "-", "--cert", CERT, "--key", KEY))) {
            assertThat(r.exit()).as(r.stderr()).isZero();
            List<String> records = CacheFileFormat.split(r.stdout());
            assertThat(records).hasSize(1);
            AnnouncementRecord record = AnnouncementParser.parse(records.get(0)).verify();
            assertThat(record.jsonLine()).isEqualTo(line);
            assertThat(record.timestamp()).isEqualTo(1_700_000_000.123);
            assertThat(record.actions()).extracting(ActionEntry::key).containsExactly("main:bench.echo.v1");
        }
    }

    @Test
    void aCacheGetsTheRecordInPlaceOfTheSameIdentityAndRemoveTakesItOut() throws Exception {
        Path cache = dir.resolve("discovery_cache");
        Files.copy(ProjectFixtures.DISCOVERY_CACHE, cache);
        List<String> before = CacheFileFormat.split(Files.readString(cache));
        String billing = "billing:ILKVRudZZpmJxQt1Z3FuBXT3";

        InProcess.Result drained = InProcess.run("announce", "--cache", cache.toString(), "--cert", CERT, "--key", KEY, "--ident", billing,
                "--address", "beepish+tls://127.0.0.1:30302", "--weight", "0");
        assertThat(drained.exit()).as(drained.stderr()).isZero();
        assertThat(drained.stdout()).isEmpty();
        List<String> replaced = CacheFileFormat.split(Files.readString(cache));
        assertThat(replaced).hasSize(3);
        assertThat(replaced.get(0)).isEqualTo(before.get(0));
        assertThat(replaced.get(2)).isEqualTo(before.get(2));
        assertThat(AnnouncementParser.parse(replaced.get(1)).verify()).satisfies(r -> {
            assertThat(r.ident()).isEqualTo(billing);
            assertThat(r.weight()).isZero();
            assertThat(r.actions()).isEmpty();
        });

        InProcess.Result added = InProcess.run("announce", "--cache", cache.toString(), "--cert", CERT, "--key", KEY, "--ident", "extra:1",
                "--address", "scamp+tls://127.0.0.1:30304", "--action", "Extra.thing");
        assertThat(added.exit()).as(added.stderr()).isZero();
        InProcess.Result inspected = InProcess.run("inspect", cache.toString());
        assertThat(inspected.exit()).isZero();
        assertThat(inspected.stdout()).contains("ok     #4 extra:1 scamp+tls://127.0.0.1:30304 1 actions", "4 records, 4 verified, 0 failed");
        JsonNode listed = ScampJson.mapper().readTree(InProcess.run("list", "--json", "--all", "--cache", cache.toString()).stdout());
        List<String> idents = new ArrayList<>();
        listed.get("services").forEach(s -> idents.add(s.get("ident").asText()));
        assertThat(idents).containsExactlyInAnyOrder("inventory:wOqGqJDI6yUb3xuq4yLFJWek", billing, "reports:SJAASUtlayAbpTZmg5NscFop", "extra:1");
        assertThat(listed.get("stale").asBoolean()).isFalse();

        InProcess.Result removed = InProcess.run("announce", "--cache", cache.toString(), "--remove", "extra:1");
        assertThat(removed.exit()).as(removed.stderr()).isZero();
        assertThat(CacheFileFormat.split(Files.readString(cache))).isEqualTo(replaced);
        java.nio.file.attribute.FileTime written = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(cache, written);
        InProcess.Result again = InProcess.run("announce", "--cache", cache.toString(), "--remove", "extra:1");
        assertThat(again.exit()).isEqualTo(AnnounceCommand.NOT_FOUND);
        assertThat(again.stderr()).contains("holds no record of extra:1");
        assertThat(Files.getLastModifiedTime(cache)).as("a file with nothing to remove is left as it is").isEqualTo(written);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file is left behind")
                    .containsExactlyInAnyOrder("discovery_cache", "discovery_cache.lock");
        }
    }

    @Test
    void badInputIsRefusedWithItsReasonAndNothingOnStdout() throws Exception {
        Path garbage = dir.resolve("garbage.key");
        Files.writeString(garbage, "not a key\n");
        Path notJson = dir.resolve("not-json");
        Files.writeString(notJson, "[3, \"x\"\n");
        Path shortLine = dir.resolve("short");
        Files.writeString(shortLine, "[3,\"svc:1\",\"main\",1,5000,\"beepish+tls://127.0.0.1:1\",[\"json\"],null]\n");
        Path twoLines = dir.resolve("two-lines");
        Files.writeString(twoLines, "[3]\n[3]\n");
        String[] flags = {"--ident", "svc:1", "--address", "beepish+tls://127.0.0.1:30100"};

        expectUsage("bad certificate or key: " + garbage + " holds no unencrypted PEM private key",
                join(new String[] {"announce", "--cert", CERT, "--key", garbage.toString()}, flags));
        expectUsage("does not belong to the certificate in " + CERT,
                join(new String[] {"announce", "--cert", CERT, "--key", ProjectFixtures.TICKET_SIGNER_KEY.toString()}, flags));
        expectUsage("--cert and --key are required", join(new String[] {"announce"}, flags));
        expectUsage("bad action spec fetch: the name", join(new String[] {"announce", "--cert", CERT, "--key", KEY, "--action", "fetch"}, flags));
        expectUsage("unknown flag raed", join(new String[] {"announce", "--cert", CERT, "--key", KEY, "--action", "A.b:1:raed"}, flags));
        expectUsage("unreadable record line: JSON line is not valid JSON", "announce", "--cert", CERT, "--key", KEY, "--record", notJson.toString());
        expectUsage("unreadable record line: JSON line is not a 9-element array", "announce", "--cert", CERT, "--key", KEY,
                "--record", shortLine.toString());
        expectUsage("holds more than one line", "announce", "--cert", CERT, "--key", KEY, "--record", twoLines.toString());
        expectUsage("unreadable record line: cannot read", "announce", "--cert", CERT, "--key", KEY, "--record", dir.resolve("absent").toString());
        expectUsage("--record takes the whole JSON line: --ident does not go with it", "announce", "--cert", CERT, "--key", KEY,
                "--record", shortLine.toString(), "--ident", "svc:1");
        expectUsage("--record takes the whole JSON line: --weight does not go with it", "announce", "--cert", CERT, "--key", KEY,
                "--record", shortLine.toString(), "--weight", "0");
        expectUsage("bad --address", "announce", "--cert", CERT, "--key", KEY, "--ident", "svc:1", "--address", "http://127.0.0.1:1");
        expectUsage("--remove needs --cache", "announce", "--remove", "svc:1");
        expectUsage("--remove takes only --cache: --address does not go with it", "announce", "--remove", "svc:1",
                "--cache", dir.resolve("any").toString(), "--address", "beepish+tls://127.0.0.1:1");
        expectUsage("--timestamp must be a finite number", "announce", "--cert", CERT, "--key", KEY, "--ident", "svc:1",
                "--address", "beepish+tls://127.0.0.1:1", "--timestamp", "NaN");

        InProcess.Result noFile = InProcess.run("announce", "--remove", "svc:1", "--cache", dir.resolve("absent").toString());
        assertThat(noFile.exit()).isEqualTo(ExitCodes.TRANSPORT);
        assertThat(noFile.stderr()).contains("no cache file");
        InProcess.Result unwritable = InProcess.run(join(new String[] {"announce", "--cert", CERT, "--key", KEY, "--cache", dir.toString()}, flags));
        assertThat(unwritable.exit()).isEqualTo(ExitCodes.TRANSPORT);
        assertThat(unwritable.stderr()).contains("cannot write " + dir);
    }

    private static void expectUsage(String reason, String... args) {
        InProcess.Result r = InProcess.run(args);
        assertThat(r.exit()).as(r.stderr()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains(reason);
        assertThat(r.stdout()).isEmpty();
    }

    private static String[] join(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
