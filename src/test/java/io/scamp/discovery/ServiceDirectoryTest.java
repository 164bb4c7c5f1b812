package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** The live directory: snapshots, changes, lookups (SCAMP.md §7.2, §7.3). */
class ServiceDirectoryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final String one = TestRecords.signed("one:1", "beepish+tls://127.0.0.1:30001", 1, TestRecords.action("A.one", 1, "read"));
    private final String two = TestRecords.signed("two:2", "beepish+tls://127.0.0.1:30002", 1, TestRecords.action("A.two", 1));

    @Test
    void rewrittenCacheGivesExactlyOneNewTableWithTheDifference() throws Exception {
        Path cache = dir.resolve("cache");
        CacheFileWriter.write(cache, List.of(one));
        try (ServiceDirectory directory = ServiceDirectory.create(List.of(new CacheFileSource(cache, Duration.ofSeconds(120))),
                AuthorizedServicesSource.fixed(AuthorizedServices.allowAll()))) {
            StepVerifier.create(directory.snapshots().take(2))
                    .assertNext(first -> {
                        assertThat(first.services()).extracting(ServiceInstance::ident).containsExactly("one:1");
                        assertThat(first.isStale()).isFalse();
                        rewrite(cache, List.of(two));
                    })
                    .assertNext(second -> {
                        assertThat(second.services()).extracting(ServiceInstance::ident).containsExactly("two:2");
                    })
                    .expectComplete()
                    .verify(WAIT);

            ServiceTable before = directory.current();
            // a rewrite with the same content is not a change
            CacheFileWriter.write(cache, List.of(two));
            StepVerifier.create(directory.snapshots().skip(1).take(Duration.ofSeconds(1))).expectComplete().verify(WAIT);
            assertThat(directory.current()).isSameAs(before);
        }
    }

    @Test
    void changesNameWhatWasAddedAndRemoved() {
        AnnouncementRecord a = AnnouncementParser.parse(one).verify();
        AnnouncementRecord b = AnnouncementParser.parse(two).verify();
        ServiceTable before = ServiceTable.of(List.of(a), AuthorizedServices.allowAll(), List.of(), false);
        ServiceTable after = ServiceTable.of(List.of(b), AuthorizedServices.allowAll(), List.of(), false);

        ServiceTable.Changes changes = after.changesSince(before);

        assertThat(changes.added()).extracting(ServiceInstance::ident).containsExactly("two:2");
        assertThat(changes.removed()).extracting(ServiceInstance::ident).containsExactly("one:1");
        assertThat(after.changesSince(after).isEmpty()).isTrue();
    }

    @Test
    void newSubscriberGetsTheCurrentTableAtOnce() {
        try (ServiceDirectory directory = ServiceDirectory.of(List.of(AnnouncementParser.parse(one).verify()))) {
            assertThat(directory.snapshots().blockFirst(WAIT).services()).hasSize(1);
            assertThat(directory.snapshots().blockFirst(WAIT).services()).hasSize(1);
            assertThat(directory.current().services()).hasSize(1);
        }
    }

    @Test
    void staleCacheIsReported() throws Exception {
        Path cache = dir.resolve("cache");
        CacheFileWriter.write(cache, List.of(one));
        Files.setLastModifiedTime(cache, FileTime.from(Instant.now().minusSeconds(3600)));
        try (ServiceDirectory directory = ServiceDirectory.create(List.of(new CacheFileSource(cache, Duration.ofSeconds(120))),
                AuthorizedServicesSource.fixed(AuthorizedServices.allowAll()))) {
            ServiceTable table = directory.awaitFirst(WAIT);
            assertThat(table.isStale()).isTrue();
            assertThat(table.services()).hasSize(1);
        }
    }

    @Test
    void lookupsFilterByAuthorizationEnvelopeAndWeight() {
        AnnouncementRecord good = TestRecords.record("good:1", "beepish+tls://127.0.0.1:1", 1, TestRecords.action("Inv.fetch", 1, "read"));
        AnnouncementRecord draining = TestRecords.record("drain:1", "beepish+tls://127.0.0.1:2", 0, TestRecords.action("Inv.fetch", 1, "read"));
        AnnouncementRecord other = TestRecords.record("other:1", "beepish+tls://127.0.0.1:3", 1,
                new ActionEntry("main", "Inv.fetch", 1, List.of(), List.of("extdirect")));
        String fp = good.fingerprint();
        ServiceTable table = ServiceTable.of(List.of(good, draining, other), AuthorizedServices.parse(fp + " Inv"), List.of(), false);

        assertThat(table.lookup("main", "inv.fetch", 1, "json")).extracting(o -> o.service().ident()).containsExactly("good:1");
        assertThat(table.lookup("main", "Inv._read", 1, "json")).extracting(o -> o.service().ident()).containsExactly("good:1");
        assertThat(table.lookup("main", "Inv.fetch", 1, "extdirect")).extracting(o -> o.service().ident()).containsExactly("other:1");
        assertThat(table.lookup("main", "Inv.fetch", 2, "json")).isEmpty();
        ServiceTable unauthorized = ServiceTable.of(List.of(good), AuthorizedServices.parse(fp + " Other"), List.of(), false);
        assertThat(unauthorized.lookup("main", "Inv.fetch", 1, "json")).isEmpty();
        assertThat(unauthorized.services().get(0).actions()).isEmpty();
    }

    @Test
    void authorizedServicesFileIsReReadWhenItChanges() throws Exception {
        AnnouncementRecord good = TestRecords.record("good:1", "beepish+tls://127.0.0.1:1", 1, TestRecords.action("Inv.fetch", 1));
        Path rules = dir.resolve("authorized_services");
        Files.writeString(rules, good.fingerprint() + " Nothing\n");
        try (ServiceDirectory directory = ServiceDirectory.create(List.of(DiscoverySource.of(List.of(good))),
                AuthorizedServicesSource.watch(rules, true))) {
            StepVerifier.create(directory.snapshots().take(2))
                    .assertNext(t -> {
                        assertThat(t.lookup("main", "Inv.fetch", 1, "json")).isEmpty();
                        rewrite(rules, good.fingerprint() + " Inv\n");
                    })
                    .assertNext(t -> assertThat(t.lookup("main", "Inv.fetch", 1, "json")).hasSize(1))
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    private static void rewrite(Path file, List<String> records) {
        try {
            CacheFileWriter.write(file, records);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void rewrite(Path file, String text) {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(temp, text);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
