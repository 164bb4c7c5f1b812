package io.scamp.bench;

import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.AnnouncementParser;
import io.scamp.discovery.AnnouncementRecord;
import io.scamp.discovery.AnnouncementSigner;
import io.scamp.discovery.AuthorizedServices;
import io.scamp.discovery.CacheFileFormat;
import io.scamp.discovery.ServiceTable;
import io.scamp.tls.ServiceIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Announcement parse + verify, and the action lookup in a table of 1,000 services. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DiscoveryBenchmark {
    private String record;
    private ServiceTable table;
    private int next;

    @Setup
    public void setUp() throws Exception {
        Path cache = Path.of(System.getProperty("scamp.interop", "../../shared/fixtures/interop")).resolve("rs-discovery_cache_file");
        record = CacheFileFormat.split(Files.readString(cache)).get(0);
        ServiceIdentity identity = ServiceIdentity.generate("bench");
        List<AnnouncementRecord> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            List<ActionEntry> actions = new ArrayList<>();
            for (int a = 0; a < 10; a++) {
                actions.add(new ActionEntry("main", "Service" + i + ".action" + a, 1, List.of("read"), List.of("json")));
            }
            records.add(AnnouncementParser.parse(AnnouncementSigner.sign(new AnnouncementSigner.Announcement("svc" + i + ":x", "main", 1, 5000,
                    "beepish+tls://10.0.0." + (i % 250) + ":" + (30100 + i % 300), List.of("json"), actions, 1.7e9), identity)));
        }
        table = ServiceTable.of(records, AuthorizedServices.allowAll(), List.of(), false);
    }

    @Benchmark
    public AnnouncementRecord parseAndVerifyRecord() {
        return AnnouncementParser.parse(record).verify();
    }

    @Benchmark
    public int lookupIn1000Services() {
        int i = next++ % 1000;
        return table.lookup("main", "service" + i + ".ACTION" + (i % 10), 1, "json").size();
    }
}
