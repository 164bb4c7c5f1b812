package io.scamp.discovery;

import io.scamp.discovery.AnnouncementSigner.Announcement;
import io.scamp.testing.TestService;
import io.scamp.tls.ServiceIdentity;
import java.util.List;

/** Signed records for tests, made with the shared test identity. */
final class TestRecords {
    private TestRecords() {
    }

    static ServiceIdentity identity() {
        return TestService.identity();
    }

    static Announcement announcement(String ident, String address, int weight, List<ActionEntry> actions) {
        return new Announcement(ident, "main", weight, 5000, address, List.of("json"), actions, 1_700_000_000.5);
    }

    static ActionEntry action(String name, int version, String... flags) {
        return new ActionEntry("main", name, version, List.of(flags), List.of("json"));
    }

    static String signed(String ident, String address, int weight, ActionEntry... actions) {
        return AnnouncementSigner.sign(announcement(ident, address, weight, List.of(actions)), identity());
    }

    static AnnouncementRecord record(String ident, String address, int weight, ActionEntry... actions) {
        return AnnouncementParser.parse(signed(ident, address, weight, actions)).verify();
    }
}
