package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.ServiceNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ServiceTable#notFound} says about the instances a lookup left out. */
class ServiceTableNotFoundTest {
    @TempDir
    Path dir;

    private static AnnouncementRecord instance(String ident, int weight, ActionEntry... actions) {
        return TestRecords.record(ident, "beepish+tls://127.0.0.1:1", weight, actions);
    }

    private static ServiceTable table(AuthorizedServices rules, AnnouncementRecord... records) {
        return ServiceTable.of(List.of(records), rules, List.of(), false);
    }

    @Test
    void nothingAnnouncedKeepsTheShortMessage() {
        ServiceNotFoundException e = table(AuthorizedServices.allowAll(), instance("a:1", 1, TestRecords.action("Inv.fetch", 1)))
                .notFound("main", "Inv.store", 1, "json");

        assertThat(e.getMessage()).isEqualTo("no service offers main:inv.store.v1 with envelope json (the service directory is current)");
        assertThat(e.excluded()).isEqualTo(ServiceNotFoundException.Excluded.NONE);
        assertThat(e.excluded().any()).isFalse();
        assertThat(e.key()).isEqualTo("main:inv.store.v1");
    }

    @Test
    void unauthorizedInstancesAreCountedWithTheirFingerprintsAndTheRulesOrigin() {
        AnnouncementRecord one = instance("a:1", 1, TestRecords.action("Inv.fetch", 1, "read"));
        AnnouncementRecord two = instance("a:2", 1, TestRecords.action("Inv.fetch", 1, "read"));
        String fp = one.fingerprint();
        ServiceTable table = table(AuthorizedServices.parse(fp + " Other.things\n", "the test's rules"), one, two);

        assertThat(table.lookup("main", "Inv.fetch", 1, "json")).isEmpty();
        ServiceNotFoundException e = table.notFound("main", "Inv.fetch", 1, "json");

        assertThat(e.unauthorizedInstances()).isEqualTo(2);
        assertThat(e.unauthorizedFingerprints()).containsExactly(fp); // both instances share the test identity
        assertThat(e.authorizationSource()).isEqualTo("the test's rules");
        assertThat(e.otherEnvelopeInstances()).isZero();
        assertThat(e.drainingInstances()).isZero();
        assertThat(e.getMessage()).isEqualTo("no service offers main:inv.fetch.v1 with envelope json (the service directory is current);"
                + " 2 instances offer the action but are not authorized to by the authorized-services rules"
                + " (bus.authorized_services; the test's rules): fingerprint " + fp);
        assertThat(table.notFound("main", "Inv._read", 1, "json").unauthorizedInstances()).as("through the CRUD alias").isEqualTo(2);
    }

    @Test
    void rulesReadFromAFileNameIt() throws Exception {
        AnnouncementRecord one = instance("a:1", 1, TestRecords.action("Inv.fetch", 1));
        Path file = dir.resolve("authorized_services");
        Files.writeString(file, "# authorizes nothing\n");
        AuthorizedServices rules = AuthorizedServicesSource.read(file, false);

        assertThat(rules.file()).contains(file);
        assertThat(rules.origin()).isEqualTo("file " + file);
        ServiceNotFoundException e = table(rules, one).notFound("main", "Inv.fetch", 1, "json");
        assertThat(e.authorizationSource()).isEqualTo("file " + file);
        assertThat(e.getMessage()).contains("1 instance offers the action but is not authorized to by the authorized-services rules"
                + " (bus.authorized_services; file " + file + "): fingerprint " + one.fingerprint());
    }

    @Test
    void aRequiredFileThatCannotBeReadSaysSo() {
        Path missing = dir.resolve("no_such_file");
        AuthorizedServices rules = AuthorizedServicesSource.read(missing, true);

        assertThat(rules.file()).contains(missing);
        ServiceNotFoundException e = table(rules, instance("a:1", 1, TestRecords.action("Inv.fetch", 1))).notFound("main", "Inv.fetch", 1, "json");
        assertThat(e.unauthorizedInstances()).isEqualTo(1);
        assertThat(e.authorizationSource()).startsWith("file " + missing + ", which cannot be read (").endsWith("so nothing is authorized");
    }

    @Test
    void otherEnvelopesAndDrainingInstancesAreNamed() {
        ServiceTable table = ServiceTable.of(List.of(
                instance("drain:1", 0, TestRecords.action("Inv.fetch", 1)),
                instance("drain:2", 0, TestRecords.action("Inv.fetch", 1)),
                instance("env:1", 1, new ActionEntry("main", "Inv.fetch", 1, List.of(), List.of("extdirect", "jsonstore"))),
                instance("env:2", 0, new ActionEntry("main", "Inv.fetch", 1, List.of(), List.of("extdirect")))),
                AuthorizedServices.allowAll(), List.of(), true);

        ServiceNotFoundException e = table.notFound("main", "inv.FETCH", 1, "json");

        assertThat(e.otherEnvelopeInstances()).as("a draining instance without the envelope counts once, for the envelope").isEqualTo(2);
        assertThat(e.otherEnvelopes()).containsExactly("extdirect", "jsonstore");
        assertThat(e.drainingInstances()).isEqualTo(2);
        assertThat(e.unauthorizedInstances()).isZero();
        assertThat(e.authorizationSource()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("no service offers main:inv.fetch.v1 with envelope json (the service directory is stale);"
                + " 2 instances offer the action only with envelopes extdirect, jsonstore; 2 instances offering it are draining (weight 0)");
    }

    @Test
    void anUnauthorizedInstanceIsNotCountedAgainAsDraining() {
        AnnouncementRecord drained = instance("a:1", 0, TestRecords.action("Inv.fetch", 1));
        ServiceTable table = table(AuthorizedServices.parse(drained.fingerprint() + " Other"), drained);

        ServiceNotFoundException e = table.notFound("main", "Inv.fetch", 1, "json");

        assertThat(e.unauthorizedInstances()).isEqualTo(1);
        assertThat(e.drainingInstances()).isZero();
        assertThat(e.authorizationSource()).isEqualTo("rules parsed from text");
    }

    @Test
    void theMessageNamesAFewFingerprintsOfMany() {
        ServiceNotFoundException e = new ServiceNotFoundException("main:a.b.v1", "json", false,
                new ServiceNotFoundException.Excluded(5, List.of("F1", "F2", "F3", "F4", "F5"), "file /x", 0, List.of(), 1));

        assertThat(e.getMessage()).endsWith("(bus.authorized_services; file /x): fingerprints F1, F2, F3 and 2 more;"
                + " 1 instance offering it is draining (weight 0)");
        assertThat(e.unauthorizedFingerprints()).hasSize(5);
    }

    @Test
    void theOriginIsPartOfTheRulesIdentity() {
        assertThat(AuthorizedServices.parse("AA x", "one")).isNotEqualTo(AuthorizedServices.parse("AA x", "two"));
        assertThat(AuthorizedServices.parse("AA x", "one")).isEqualTo(AuthorizedServices.parse("AA  x\n", "one"));
    }
}
