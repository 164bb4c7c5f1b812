package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;

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
