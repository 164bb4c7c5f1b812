package io.scamp.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scamp.client.ScampClient;
import io.scamp.discovery.AuthorizedServices;
import io.scamp.discovery.AuthorizedServicesSource;
import io.scamp.discovery.Rejection;
import io.scamp.discovery.ServiceDirectory;
import io.scamp.discovery.SourceState;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.TestBodies;
import io.scamp.testing.TestService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * docs/observability.md's list of meters ("## Metrics") is the list a client and a service
 * register, with the same types and tags: both recording into one registry, after routed calls
 * that succeed and fail, a streamed body in both directions, an unknown action and a protocol
 * violation. Every tag value registered is one the tag table lists (but for the open-ended
 * action, version and address).
 */
class DocumentedMetersIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    /** Tags whose values are names of the application's, not a fixed list. */
    private static final Set<String> OPEN_ENDED = Set.of("action", "version", "address");

    /** A meter as documented or registered: its type and tag keys. */
    record Shape(String type, Set<String> tags) {
    }

    @Test
    void theDocumentedMetersAreTheRegisteredOnes() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (TestService service = TestService.start(b -> b.metrics(registry))) {
            SourceState state = new SourceState(List.of(service.record("Test.echo", "Test.fail")),
                    List.of(new Rejection(null, "signature does not verify", Rejection.Kind.SIGNATURE)), false);
            try (ServiceDirectory directory = ServiceDirectory.create(List.of(() -> Flux.just(state).concatWith(Flux.never())),
                         AuthorizedServicesSource.fixed(AuthorizedServices.allowAll()));
                 ScampClient client = ScampClient.builder().metrics(registry).directory(directory).build()) {
                exercise(client, service);
                Map<String, Shape> registered = registered(registry);
                Map<String, Shape> documented = documented();

                assertThat(registered.keySet()).as("registered vs documented meters").isEqualTo(documented.keySet());
                assertThat(registered).isEqualTo(documented);
                Map<String, Set<String>> values = documentedValues();
                for (Meter m : registry.getMeters()) {
                    for (Tag tag : m.getId().getTags()) {
                        if (!OPEN_ENDED.contains(tag.getKey())) {
                            assertThat(values.get(tag.getKey())).as("documented values of tag %s (on %s)", tag.getKey(), m.getId().getName())
                                    .contains(tag.getValue());
                        }
                    }
                }
            }
        }
    }

    private static void exercise(ScampClient client, TestService service) throws IOException {
        long bytes = 256 * 1024;
        Long echoed = client.request(Request.builder("Test.echo").body(TestBodies.pattern(bytes, 32 * 1024)).build())
                .flatMapMany(Reply::body).reduce(0L, (n, b) -> n + b.remaining()).block(WAIT);
        assertThat(echoed).isEqualTo(bytes);
        assertThat(client.request(Request.builder("Test.fail").build()).onErrorResume(RemoteActionException.class, e -> reactor.core.publisher.Mono.empty())
                .block(WAIT)).isNull();
        assertThat(client.request(service.endpoint(), Request.builder("Test.nothing").build())
                .onErrorResume(RemoteActionException.class, e -> reactor.core.publisher.Mono.empty()).block(WAIT)).isNull();
        try (HostilePeers.Peer peer = HostilePeers.connect(service.endpoint())) {
            peer.out().write("BOGUS 0 0\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII));
            peer.out().flush();
            InputStream in = peer.in();
            while (in.read() >= 0) {
                // until the service closes the connection
            }
        }
    }

    private static Map<String, Shape> registered(MeterRegistry registry) {
        Map<String, Shape> shapes = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            String name = m.getId().getName();
            if (!name.startsWith("scamp.")) {
                continue;
            }
            Set<String> tags = new TreeSet<>(shapes.containsKey(name) ? shapes.get(name).tags() : Set.of());
            m.getId().getTags().forEach(t -> tags.add(t.getKey()));
            shapes.put(name, new Shape(type(m), tags));
        }
        return shapes;
    }

    private static String type(Meter m) {
        if (m instanceof Timer) {
            return "timer";
        }
        if (m instanceof Counter) {
            return "counter";
        }
        if (m instanceof Gauge) {
            return "gauge";
        }
        return m instanceof DistributionSummary ? "distribution summary" : m.getClass().getName();
    }

    /** The rows of the tables in "## Metrics" whose header's first cell is {@code header}, as cells. */
    private static List<List<String>> table(String header) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs", "observability.md"), StandardCharsets.UTF_8);
        int start = lines.indexOf("## Metrics");
        assertThat(start).as("docs/observability.md has a ## Metrics section").isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(line.substring(1, line.length() - 1).split("\\|", -1)));
            cells.replaceAll(String::trim);
            if (cells.get(0).equals(header)) {
                inTable = true;
            } else if (inTable && !cells.get(0).startsWith("---")) {
                rows.add(cells);
            }
        }
        assertThat(rows).as("the %s table", header).isNotEmpty();
        return rows;
    }

    private static Set<String> codes(String cell) {
        Set<String> out = new TreeSet<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Map<String, Shape> documented() throws IOException {
        Map<String, Shape> shapes = new TreeMap<>();
        for (List<String> row : table("meter")) {
            Set<String> name = codes(row.get(0));
            assertThat(name).as("one name in %s", row.get(0)).hasSize(1);
            shapes.put(name.iterator().next(), new Shape(row.get(1), codes(row.get(3))));
        }
        return shapes;
    }

    private static Map<String, Set<String>> documentedValues() throws IOException {
        Map<String, Set<String>> values = new TreeMap<>();
        for (List<String> row : table("tag")) {
            values.put(codes(row.get(0)).iterator().next(), codes(row.get(1)));
        }
        return values;
    }
}
