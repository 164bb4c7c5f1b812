package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache file layouts, bad records, staleness, and the writer (SCAMP.md §7.3). */
class CacheFileTest {
    @TempDir
    Path dir;

    private final String one = TestRecords.signed("one:1", "beepish+tls://127.0.0.1:30001", 1, TestRecords.action("A.one", 1));
    private final String two = TestRecords.signed("two:2", "beepish+tls://127.0.0.1:30002", 1, TestRecords.action("A.two", 1));

    @Test
    void everyLayoutInTheWildReadsTheSame() throws Exception {
        List<String> layouts = List.of(
                "%%%\n" + one + "%%%\n" + two,                                  // first line, no final newline after strip below
                "junk before\nthe first marker\n%%%\n" + one + "\n\n\n%%%\n\n" + two + "\n\n",
                "\n%%%\n" + one + "\n%%%\n" + two + "\n%%%\n" + one,           // duplicate
                ("%%%\r\n" + one + "%%%\r\n" + two).replace("\n", "\r\n").replace("\r\r\n", "\r\n"),
                ("%%%\n" + one + "%%%\n" + two).strip());
        for (String layout : layouts) {
            Path file = dir.resolve("cache");
            Files.writeString(file, layout);
            CacheContents contents = CacheFileReader.read(file);
            assertThat(contents.rejected()).as(layout).isEmpty();
            assertThat(contents.records()).extracting(AnnouncementRecord::ident).as(layout).containsExactly("one:1", "two:2");
        }
    }

    @Test
    void badRecordIsSkippedWithItsReasonAndTheRestKept() throws Exception {
        Path file = dir.resolve("cache");
        Files.writeString(file, CacheFileFormat.join(List.of(one, "not a record at all", two.replace("30002", "30003"), two)));

        CacheContents contents = CacheFileReader.read(file);

        assertThat(contents.records()).extracting(AnnouncementRecord::ident).containsExactly("one:1", "two:2");
        assertThat(contents.rejected()).hasSize(2);
        assertThat(contents.rejected().get(0).ident()).isNull();
        assertThat(contents.rejected().get(1).ident()).isEqualTo("two:2");
        assertThat(contents.rejected().get(1).reason()).contains("does not verify");
    }

    @Test
    void newestRecordPerIdentityWins() throws Exception {
        String older = one;
        String newer = AnnouncementSigner.sign(new AnnouncementSigner.Announcement("one:1", "main", 5, 5000,
                "beepish+tls://127.0.0.1:30001", List.of("json"), List.of(), 1_800_000_000), TestRecords.identity());
        Path file = dir.resolve("cache");
        Files.writeString(file, CacheFileFormat.join(List.of(newer, older)));

        assertThat(CacheFileReader.read(file).records()).singleElement().satisfies(r -> assertThat(r.weight()).isEqualTo(5));
    }

    @Test
    void writerUsesTheLayoutScampJsReadsAndReplacesAtomically() throws Exception {
        Path file = dir.resolve("sub/cache");

        CacheFileWriter.write(file, List.of(one, two));

        String text = Files.readString(file);
        assertThat(text).startsWith("\n%%%\n").contains("\n%%%\n" + two.strip());
        assertThat(text.split("\n%%%\n", -1)).hasSize(3);
        assertThat(CacheFileReader.read(file).records()).hasSize(2);
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cache");
        }
    }

    /** A record-shaped text with bytes that are not UTF-8 (0xFF, 0xC3 without its continuation). */
    private static byte[] notUtf8() {
        byte[] text = "[3,\"broken:1\",\"main\",1,5000,\"beepish+tls://127.0.0.1:1\",[\"json\"],[],1]\n\nXX\n"
                .getBytes(StandardCharsets.US_ASCII);
        text[text.length - 3] = (byte) 0xFF;
        text[text.length - 2] = (byte) 0xC3;
        return text;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void anUpdateSkipsARecordThatIsNotUtf8AndKeepsEveryOtherByteForByte() throws Exception {
        String unicode = TestRecords.signed("ünï-cödé:1", "beepish+tls://127.0.0.1:30009", 1, TestRecords.action("A.ü", 1));
        Path file = dir.resolve("cache");
        Files.write(file, concat(CacheFileFormat.join(List.of(one, unicode)).getBytes(StandardCharsets.UTF_8),
                "\n%%%\n".getBytes(StandardCharsets.US_ASCII), notUtf8(),
                CacheFileFormat.join(List.of(two)).getBytes(StandardCharsets.UTF_8)));
        String three = TestRecords.signed("three:3", "beepish+tls://127.0.0.1:30003", 1, TestRecords.action("A.three", 1));
        List<String> given = new java.util.ArrayList<>();

        CacheFileWriter.update(file, records -> {
            given.addAll(records);
            records.add(three);
            return records;
        });

        assertThat(given).containsExactly(one, unicode, two);
        byte[] after = Files.readAllBytes(file);
        String text = new String(after, StandardCharsets.UTF_8);
        assertThat(text).contains(one.strip(), unicode.strip(), two.strip(), three.strip()).doesNotContain("broken:1");
        CacheContents contents = CacheFileReader.read(file);
        assertThat(contents.rejected()).isEmpty();
        assertThat(contents.records()).extracting(AnnouncementRecord::ident).containsExactly("one:1", "ünï-cödé:1", "two:2", "three:3");
    }

    @Test
    void aServiceAnnouncesIntoACacheFileWithARecordThatIsNotUtf8() throws Exception {
        Path file = dir.resolve("cache");
        Files.write(file, concat(CacheFileFormat.join(List.of(one)).getBytes(StandardCharsets.UTF_8),
                "\n%%%\n".getBytes(StandardCharsets.US_ASCII), notUtf8()));
        CacheFileAnnouncer announcer = new CacheFileAnnouncer(file, java.time.Duration.ofMinutes(10));

        announcer.start(TestRecords.announcement("announced:1", "beepish+tls://127.0.0.1:30004", 1, List.of(TestRecords.action("A.four", 1))),
                TestRecords.identity());
        try {
            assertThat(CacheFileReader.read(file).records()).extracting(AnnouncementRecord::ident).containsExactly("one:1", "announced:1");
        } finally {
            announcer.stop();
        }
        assertThat(CacheFileReader.read(file).records()).extracting(AnnouncementRecord::ident).containsExactly("one:1");
    }

    @Test
    void entriesReportARecordThatIsNotUtf8InItsPlace() {
        byte[] file = concat(CacheFileFormat.join(List.of(one)).getBytes(StandardCharsets.UTF_8),
                "\n%%%\n".getBytes(StandardCharsets.US_ASCII), notUtf8(),
                CacheFileFormat.join(List.of(two)).getBytes(StandardCharsets.UTF_8));

        List<CacheFileFormat.Entry> entries = CacheFileFormat.entries(file);

        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).text()).isEqualTo(one);
        assertThat(entries.get(1).text()).isNull();
        assertThat(entries.get(1).problem()).contains("record #2").contains("not valid UTF-8");
        assertThat(entries.get(2).text()).isEqualTo(two);
        assertThat(entries.get(2).problem()).isNull();
    }

    @Test
    void putReplacesTheSameIdentityInPlaceAndKeepsEveryOtherRecordByteForByte() throws Exception {
        Path file = dir.resolve("cache");
        String junk = "not a record at all\n";
        Files.writeString(file, CacheFileFormat.join(List.of(one, junk, two)));
        String newOne = TestRecords.signed("one:1", "beepish+tls://127.0.0.1:30009", 0);

        CacheFileWriter.put(file, newOne);
        assertThat(CacheFileFormat.split(Files.readString(file))).containsExactly(newOne, junk, two);

        String three = TestRecords.signed("three:3", "scamp+tls://127.0.0.1:30003", 1);
        CacheFileWriter.put(file, three);
        assertThat(CacheFileFormat.split(Files.readString(file))).containsExactly(newOne, junk, two, three);
    }

    @Test
    void removeMatchesTheIdentityFieldNotTextElsewhereInTheLine() throws Exception {
        Path file = dir.resolve("cache");
        // "main" is this record's identity and the other record's sector: only the identity counts.
        String main = TestRecords.signed("main", "beepish+tls://127.0.0.1:30004", 1);
        Files.writeString(file, CacheFileFormat.join(List.of(one, main)));

        assertThat(CacheFileWriter.remove(file, "main")).isEqualTo(1);
        assertThat(CacheFileFormat.split(Files.readString(file))).containsExactly(one);
        assertThat(CacheFileWriter.remove(file, "main")).isZero();
        assertThat(CacheFileFormat.split(Files.readString(file))).containsExactly(one);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CacheFileWriter.remove(dir.resolve("absent"), "main"))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CacheFileWriter.put(file, "[3]\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity");
    }

    @Test
    void staleWhenOlderThanTheMaxAge() throws Exception {
        Path file = dir.resolve("cache");
        CacheFileWriter.write(file, List.of(one));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(300)));

        CacheFileSource source = new CacheFileSource(file, java.time.Duration.ofSeconds(120));

        assertThat(source.read().stale()).isTrue();
        assertThat(new CacheFileSource(file, java.time.Duration.ofSeconds(600)).read().stale()).isFalse();
        assertThat(new CacheFileSource(dir.resolve("missing"), java.time.Duration.ofSeconds(600)).read())
                .satisfies(s -> {
                    assertThat(s.stale()).isTrue();
                    assertThat(s.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains("missing"));
                });
    }
}
