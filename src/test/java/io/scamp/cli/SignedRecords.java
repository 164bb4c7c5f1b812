package io.scamp.cli;

import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.AnnouncementParser;
import io.scamp.discovery.AnnouncementRecord;
import io.scamp.discovery.AnnouncementSigner;
import io.scamp.discovery.AnnouncementSigner.Announcement;
import io.scamp.testing.ProjectFixtures;
import io.scamp.tls.ServiceIdentity;
import java.util.List;

/** Announcement records signed with the fixture service's identity (fixtures/README.md), for the dashboard's tests. */
final class SignedRecords {
    private static ServiceIdentity identity;

    private SignedRecords() {
    }

    static synchronized ServiceIdentity identity() {
        if (identity == null) {
            identity = ServiceIdentity.fromPem(ProjectFixtures.SERVICE_CERT, ProjectFixtures.SERVICE_KEY);
        }
        return identity;
    }

    /** A record's cache text: sector main, envelope json, announced at {@code timestamp} (seconds since the epoch). */
    static String text(String ident, String address, int weight, double timestamp, List<ActionEntry> actions) {
        return AnnouncementSigner.sign(new Announcement(ident, "main", weight, 5000, address, List.of("json"), actions, timestamp), identity());
    }

    static AnnouncementRecord record(String ident, String address, int weight, double timestamp, List<ActionEntry> actions) {
        return AnnouncementParser.parse(text(ident, address, weight, timestamp, actions)).verify();
    }

    static ActionEntry action(String name, int version, String... flags) {
        return new ActionEntry("main", name, version, List.of(flags), List.of("json"));
    }

    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
