package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.tls.ServiceIdentity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** Every fact of ../shared/fixtures/interop/README.md about records and caches. */
class InteropFixturesTest {
    private static final Path INTEROP = Path.of("../shared/fixtures/interop");

    @Test
    void goSampleCacheHoldsOneVerifiedRecordDespiteItsLayout() throws Exception {
        String text = Files.readString(INTEROP.resolve("go-sample_discovery_cache"));
        assertThat(text).startsWith("%%%").doesNotEndWith("\n");
        assertThat(text.split("\n%%%\n", -1)).as("the naive split finds no record boundary").hasSize(1);

        CacheContents contents = CacheFileReader.read(INTEROP.resolve("go-sample_discovery_cache"));

        assertThat(contents.rejected()).isEmpty();
        assertThat(contents.records()).hasSize(1);
        AnnouncementRecord record = contents.records().get(0);
        assertThat(record.signature()).hasSize(684);
        assertThat(record.address()).startsWith("scamp+tls://");
        assertThat(record.actions()).extracting(ActionEntry::key).containsExactly("main:logger.info.v1");
        ServiceIdentity goSample = ServiceIdentity.fromPem(INTEROP.resolve("go-sample.crt"), INTEROP.resolve("go-sample.key"));
        assertThat(record.fingerprint()).isEqualTo(goSample.fingerprint());
    }

    @Test
    void rustCacheHasItsFourRecordsActionsAndKeys() throws Exception {
        CacheContents contents = CacheFileReader.read(INTEROP.resolve("rs-discovery_cache_file"));

        assertThat(contents.rejected()).isEmpty();
        assertThat(contents.records()).hasSize(4);
        assertThat(contents.records().stream().map(AnnouncementRecord::fingerprint).distinct()).hasSize(1);
        List<ActionEntry> all = contents.records().stream().flatMap(r -> r.actions().stream()).toList();
        long v4 = contents.records().stream().mapToLong(r -> r.actions().stream().filter(a -> !r.envelopes().equals(a.envelopes()) || !a.sector().equals(r.sector())).count()).sum();
        assertThat(all).hasSize(734 + 7);

        ServiceTable table = ServiceTable.of(contents.records(), AuthorizedServices.allowAll(), List.of(), false);
        Set<String> plain = new HashSet<>();
        Set<String> aliases = new HashSet<>();
        all.forEach(a -> {
            plain.add(a.key());
            aliases.addAll(a.aliasKeys());
        });
        assertThat(plain).hasSize(739);
        assertThat(aliases).hasSize(287);
        assertThat(table.keys()).hasSize(1026);
        assertThat(table.keys()).contains("web:download.po.csv.v1", "taxmodule:flat.calculate.v1", "main:customer.order.shipment.list.v1");
        assertThat(all.stream().map(ActionEntry::sector).distinct()).containsExactlyInAnyOrder("main", "background", "web", "taxmodule");
        assertThat(all.stream().filter(a -> a.name().equals("Po.Manifest.Item.fetch")).map(ActionEntry::version)).containsExactlyInAnyOrder(1, 2, 3);
        ActionEntry shipments = all.stream().filter(a -> a.key().equals("main:customer.order.shipment.list.v1")).findFirst().orElseThrow();
        assertThat(shipments.flags()).containsExactly("read", "t300");
        assertThat(shipments.timeoutSeconds()).contains(300);
        List<Integer> timeouts = all.stream().flatMap(a -> a.timeoutSeconds().stream()).distinct().sorted().toList();
        assertThat(timeouts.get(0)).isEqualTo(180);
        assertThat(timeouts.get(timeouts.size() - 1)).isEqualTo(14400);
        assertThat(v4).isEqualTo(7);
    }

    @Test
    void editedRecordFailsItsSignatureButParses() throws Exception {
        AnnouncementRecord record = AnnouncementParser.parse(Files.readString(INTEROP.resolve("rs-service_info_packet_v3_full.txt")));

        assertThat(record.actions().stream().filter(a -> a.envelopes().equals(record.envelopes()) && a.sector().equals(record.sector()))).hasSize(484);
        assertThat(record.actions()).hasSize(484 + 6);
        assertThatThrownBy(record::verify).isInstanceOf(InvalidRecordException.class).hasMessageContaining("does not verify");
        CacheFileReader.RecordSet set = CacheFileReader.parse(List.of(record.text()));
        assertThat(set.records()).isEmpty();
        assertThat(set.rejected()).singleElement().satisfies(r -> {
            assertThat(r.ident()).isEqualTo(record.ident());
            assertThat(r.reason()).contains("does not verify");
        });
    }

    @Test
    void jsAnnouncementVerifiesAndItsDatagramInflatesToIt() throws Exception {
        String text = Files.readString(INTEROP.resolve("js-announce.txt"));
        byte[] datagram = Files.readAllBytes(INTEROP.resolve("js-announce-datagram.bin"));
        Inflater inflater = new Inflater();
        inflater.setInput(datagram);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inflater.finished()) {
            int n = inflater.inflate(buf);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            out.write(buf, 0, n);
        }
        inflater.end();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(text);

        AnnouncementRecord record = AnnouncementParser.parse(text).verify();

        assertThat(record.envelopes()).containsExactly("json");
        assertThat(record.jsonLine()).contains("[\"json\",{}]");
        assertThat(record.timestamp()).isBetween(1.7e9, 1.9e9);
        assertThat(record.jsonLine()).contains(",1795570685242]");
        assertThat(record.address()).isEqualTo("beepish+tls://127.0.0.1:30313");
        assertThat(record.actions().stream().map(ActionEntry::namespace).distinct()).containsExactlyInAnyOrder("bench", "Bench");
    }
}
