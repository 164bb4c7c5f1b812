package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Our own records: byte layout, signature, flags, and parse edge cases (SCAMP.md §7.1). */
class AnnouncementTest {

    @Test
    void signedRecordHasTheCanonicalLayoutAndVerifies() {
        String text = TestRecords.signed("svc:abc", "beepish+tls://127.0.0.1:30100", 1,
                TestRecords.action("Inventory.Item.fetch", 2, "read", "t30", "internal"));
        String[] parts = text.split("\n\n");

        assertThat(parts).hasSize(3);
        assertThat(parts[0]).isEqualTo("[3,\"svc:abc\",\"main\",1,5000,\"beepish+tls://127.0.0.1:30100\",[\"json\"],"
                + "[[\"Inventory.Item\",[\"fetch\",\"read,t30\",2]]],1700000000.500]");
        assertThat(parts[1]).startsWith("-----BEGIN CERTIFICATE-----").endsWith("-----END CERTIFICATE-----");
        assertThat(parts[2]).endsWith("\n");
        assertThat(parts[2].strip().split("\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
        assertThat(parts[2].strip().split("\n")[0]).hasSize(76);

        AnnouncementRecord record = AnnouncementParser.parse(text).verify();
        assertThat(record.fingerprint()).isEqualTo(TestRecords.identity().fingerprint());
        assertThat(record.actions()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("main:inventory.item.fetch.v2");
            assertThat(a.flags()).containsExactly("read", "t30");
            assertThat(a.aliasKeys()).containsExactly("main:inventory.item._read.v2");
        });
    }

    @Test
    void anyEditBreaksTheSignature() {
        String text = TestRecords.signed("svc:abc", "beepish+tls://127.0.0.1:30100", 1, TestRecords.action("A.b", 1));

        assertThatThrownBy(() -> AnnouncementParser.parse(text.replace("30100", "30101")).verify())
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("does not verify");
    }

    @Test
    void actionsOfAnotherSectorOrEnvelopeGoInTheV4Extension() {
        String text = AnnouncementSigner.sign(TestRecords.announcement("svc:v4", "beepish+tls://127.0.0.1:30100", 1, List.of(
                TestRecords.action("Main.a", 1, "noauth"),
                new ActionEntry("web", "Web.page", 3, List.of("read"), List.of("json", "extdirect")))), TestRecords.identity());

        AnnouncementRecord record = AnnouncementParser.parse(text).verify();

        assertThat(record.jsonLine()).contains("\"acname\":[\"page\"]");
        assertThat(record.actions()).extracting(ActionEntry::key).containsExactly("main:main.a.v1", "web:web.page.v3");
        assertThat(record.actions().get(1).envelopes()).containsExactly("json", "extdirect");
        assertThat(record.actions().get(1).flags()).containsExactly("read");
    }

    @Test
    void emptyActionListIsNull() {
        AnnouncementRecord record = AnnouncementParser.parse(TestRecords.signed("svc:x", "beepish+tls://127.0.0.1:1", 0)).verify();

        assertThat(record.jsonLine()).contains(",[\"json\"],null,");
        assertThat(record.actions()).isEmpty();
        assertThat(record.weight()).isZero();
    }

    @Test
    void otherSchemesAreRejectedNotFatal() {
        String text = TestRecords.signed("svc:x", "http://127.0.0.1:1", 1);

        assertThatThrownBy(() -> AnnouncementParser.parse(text)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("http://127.0.0.1:1")
                .satisfies(e -> assertThat(((InvalidRecordException) e).ident()).isEqualTo("svc:x"));
    }

    @Test
    void v4VectorsExpandWithDefaultsAndSkipIncompatibleEntries() throws Exception {
        String json = "[3,\"svc:v4\",\"main\",1,5000,\"beepish+tls://10.0.0.1:30100\",[\"json\",{\"vmaj\":4,\"vmin\":0,"
                + "\"acname\":[\"a\",\"b\",\"c\",\"d.e\"],\"acns\":[[4,\"Ns\"]],\"acsec\":[[2,\"web\"],\"main\",\"x:y\"],"
                + "\"acenv\":[[4,\"json,extdirect\"]],\"acver\":[1,\"2\",[2,3]],\"accompat\":[1,1,2,1]}],null,1700000000]";
        List<ActionEntry> actions = V4Actions.parse(io.scamp.message.ScampJson.mapper().readTree(json).get(6).get(1), new ActionBudget(json.length()));

        assertThat(actions).extracting(ActionEntry::key).containsExactly("web:ns.a.v1", "web:ns.b.v2");
        assertThat(actions.get(0).envelopes()).containsExactly("json", "extdirect");
        assertThat(actions.get(0).flags()).isEmpty();
    }

    @Test
    void runLengthVectorsRefuseBadCountsMismatchesAndHugeLengths() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper m = io.scamp.message.ScampJson.mapper();
        for (String bad : new String[] {"[[0,\"x\"]]", "[[-1,\"x\"]]", "[[1.5,\"x\"]]", "[[\"2\",\"x\"]]", "[[2]]", "[[1,\"x\",3]]", "{}", "[[100001,\"x\"]]",
            "[[9223372036854775807,\"x\"]]", "[[50000,\"x\"],[50000,\"y\"],\"z\"]"}) {
            assertThatThrownBy(() -> RunLengthVectors.expand(m.readTree(bad), "acname", -1)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> RunLengthVectors.expand(m.readTree("[[3,1]]"), "acver", 2)).hasMessageContaining("acver");
        assertThatThrownBy(() -> RunLengthVectors.expand(m.readTree("[1]"), "acver", 2)).hasMessageContaining("expands to 1");
        assertThat(RunLengthVectors.expand(m.readTree("[[2,\"a\"],\"b\",[1,\"c\"]]"), "acns", 4)).extracting(n -> n.asText()).containsExactly("a", "a", "b", "c");
    }

    @Test
    void badV4VectorRejectsTheRecordWithAReason() {
        String text = TestRecords.signed("svc:x", "beepish+tls://127.0.0.1:1", 1).replace("[\"json\"]", "[\"json\",{\"acname\":[\"a\"],\"acns\":[]}]");

        assertThatThrownBy(() -> AnnouncementParser.parse(text)).isInstanceOf(InvalidRecordException.class).hasMessageContaining("acns");
    }

    @Test
    void actionsThatWouldCostFarMoreThanTheRecordRejectItWithAReason() {
        String signed = TestRecords.signed("svc:x", "beepish+tls://127.0.0.1:1", 1);
        String certificateAndSignature = signed.substring(signed.indexOf('\n'));
        String head = "[3,\"svc:x\",\"main\",1,5000,\"beepish+tls://127.0.0.1:1\",";
        String runs = head + "[\"json\",{\"acname\":[[100000,\"a\"]],\"acns\":[[100000,\"N\"]],\"acsec\":[[100000,\"main\"]],"
                + "\"acenv\":[[100000,\"json\"]]}],[],1700000000]";
        String longNamespace = head + "[\"json\"],[[\"" + "N".repeat(10_000) + "\"" + ",[\"a\"]".repeat(1000) + "]],1700000000]";
        for (String jsonLine : List.of(runs, longNamespace)) {
            assertThatThrownBy(() -> AnnouncementParser.parse(jsonLine + certificateAndSignature)).isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("the actions expand past").hasMessageContaining("64 times the JSON line");
        }

        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            names.append(i == 0 ? "" : ",").append("\"a").append(i).append('"');
        }
        String distinctNames = head + "[\"json\",{\"acname\":[" + names + "],\"acns\":[[300,\"Some.Long.Namespace\"]],"
                + "\"acsec\":[[300,\"main\"]],\"acenv\":[[300,\"json,extdirect\"]],\"acflag\":[[300,\"read,t300\"]]}],[],1700000000]";
        assertThat(AnnouncementParser.parse(distinctNames + certificateAndSignature).actions()).hasSize(300);
    }

    @Test
    void millisecondTimestampsAreNormalised() {
        String text = TestRecords.signed("svc:x", "beepish+tls://127.0.0.1:1", 1).replace("1700000000.500]", "1700000000500]");

        assertThat(AnnouncementParser.parse(text).timestamp()).isEqualTo(1_700_000_000.5);
    }
}
