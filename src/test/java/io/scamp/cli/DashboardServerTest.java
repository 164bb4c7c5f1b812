package io.scamp.cli;

import static io.scamp.cli.SignedRecords.action;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.AnnouncementRecord;
import io.scamp.discovery.AuthorizedServices;
import io.scamp.discovery.Rejection;
import io.scamp.discovery.ServiceTable;
import io.scamp.message.ScampJson;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

/**
 * The dashboard's server over loopback sockets: the page and its files, what it refuses, and
 * the bounds of its event stream (the cap on browsers, one pending table per browser, keep-alive
 * comments that find browsers gone), with record fields that try to break out of the JSON, the
 * event or the page.
 */
class DashboardServerTest {
    private static final String HOSTILE_IDENT = "svc:\nevent: forged\ndata: {}\n\n</script><img src=x onerror=alert(1)>\u2028\"\\";
    private static final String HOSTILE_ACTION = "Evil.<img src=x onerror=alert(1)>";

    private final Sinks.Many<ServiceTable> tables = Sinks.many().replay().latest();
    private DashboardServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        server = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tables.asFlux(),
                new DashboardServer.Limits(2, Duration.ofMillis(100)));
        address = server.address();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesThePageAndItsFilesUnderAPolicyThatAllowsNothingFromElsewhere() throws Exception {
        try (RawHttp page = RawHttp.get(address, "/")) {
            assertThat(page.status).isEqualTo(200);
            assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.body()).contains("<script src=\"dashboard.js\" defer></script>").doesNotContain("<script>");
        }
        try (RawHttp script = RawHttp.get(address, "/dashboard.js")) {
            assertThat(script.status).isEqualTo(200);
            assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(script.body()).contains("new EventSource('events')")
                    .as("no record field is ever parsed as HTML").doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write");
        }
        try (RawHttp style = RawHttp.get(address, "/dashboard.css")) {
            assertThat(style.status).isEqualTo(200);
            assertThat(style.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        }
    }

    @Test
    void onlyGetOfItsFourPathsIsAnswered() throws Exception {
        for (String path : List.of("/nope", "/index.html", "/dashboard.js/", "/%2e%2e/pom.xml", "/../pom.xml", "/events/x", "/Events")) {
            try (RawHttp r = RawHttp.get(address, path)) {
                assertThat(r.status).as(path).isEqualTo(404);
            }
        }
        for (String method : List.of("POST", "PUT", "DELETE", "HEAD")) {
            for (String path : List.of("/", "/events")) {
                try (RawHttp r = RawHttp.open(address, method, path, "127.0.0.1:" + address.getPort())) {
                    assertThat(r.status).as(method + " " + path).isEqualTo(405);
                    assertThat(r.header("Allow")).isEqualTo("GET");
                }
            }
        }
        try (RawHttp r = RawHttp.open(address, "POST", "/nope", "localhost")) {
            assertThat(r.status).isEqualTo(404);
        }
    }

    @Test
    void onLoopbackAHostHeaderThatIsNotALoopbackNameIsRefused() throws Exception {
        for (String host : new String[] {"evil.example:" + address.getPort(), "127.0.0.1.evil.example", "localhost.evil.example", null}) {
            for (String path : List.of("/", "/events")) {
                try (RawHttp r = RawHttp.open(address, "GET", path, host)) {
                    assertThat(r.status).as(host + " " + path).isEqualTo(403);
                }
            }
        }
        for (String host : List.of("localhost:" + address.getPort(), "LOCALHOST", "127.0.0.1", "127.1.2.3:80", "[::1]:" + address.getPort())) {
            try (RawHttp r = RawHttp.open(address, "GET", "/", host)) {
                assertThat(r.status).as(host).isEqualTo(200);
            }
        }
    }

    @Test
    void eachTableIsOneEventWhoseJsonGivesBackEveryFieldAsItWas() throws Exception {
        AnnouncementRecord hostile = SignedRecords.record(HOSTILE_IDENT, "beepish+tls://127.0.0.1:30100", 1, 1_767_225_600,
                List.of(action(HOSTILE_ACTION, 2, "read")));
        Rejection rejection = new Rejection("<b>x</b>\r\nevent: forged", "bad \"record\" \\ </script>\rdata: x");
        emit(ServiceTable.of(List.of(hostile), AuthorizedServices.allowAll(), List.of(rejection), true));

        try (RawHttp events = RawHttp.get(address, "/events")) {
            assertThat(events.status).isEqualTo(200);
            assertThat(events.header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
            assertThat(events.header("Cache-Control")).isEqualTo("no-store");

            RawHttp.Event first = events.event();
            assertThat(first.name()).isEqualTo("table");
            assertThat(first.data()).as("the JSON is one data line: nothing in it ends the line or the event").doesNotContain("\n");
            JsonNode table = ScampJson.mapper().readTree(first.data());
            assertThat(table.get("stale").asBoolean()).isTrue();
            assertThat(table.get("time").asText()).isNotEmpty();
            JsonNode service = table.get("services").get(0);
            assertThat(service.get("ident").asText()).isEqualTo(HOSTILE_IDENT);
            assertThat(service.get("fingerprint").asText()).isEqualTo(SignedRecords.identity().fingerprint());
            assertThat(service.get("timestamp").asLong()).isEqualTo(1_767_225_600L);
            assertThat(service.get("actions").get(0).get("name").asText()).isEqualTo(HOSTILE_ACTION);
            assertThat(table.get("rejected").get(0).get("ident").asText()).isEqualTo(rejection.ident());
            assertThat(table.get("rejected").get(0).get("reason").asText()).isEqualTo(rejection.reason());

            emit(ServiceTable.empty());
            RawHttp.Event second = events.event();
            assertThat(second.name()).isEqualTo("table");
            assertThat(ScampJson.mapper().readTree(second.data()).get("services")).isEmpty();
        }
    }

    @Test
    void aQuietStreamGetsKeepAliveComments() throws Exception {
        emit(ServiceTable.empty());
        try (RawHttp events = RawHttp.get(address, "/events")) {
            assertThat(events.event().name()).isEqualTo("table");
            String line;
            do {
                line = events.line();
            } while (line != null && line.isEmpty());
            assertThat(line).isEqualTo(": keep-alive");
        }
    }

    @Test
    void beyondTheCapABrowserIsRefusedAndOneThatLeftFreesItsPlace() throws Exception {
        emit(ServiceTable.empty());
        RawHttp first = RawHttp.get(address, "/events");
        try (RawHttp second = RawHttp.get(address, "/events")) {
            assertThat(first.event().name()).isEqualTo("table");
            assertThat(second.event().name()).isEqualTo("table");
            try (RawHttp third = RawHttp.get(address, "/events")) {
                assertThat(third.status).isEqualTo(503);
                assertThat(third.header("Retry-After")).isEqualTo("10");
                assertThat(third.body()).contains("too many dashboard clients (at most 2)");
            }
            assertThat(server.stream().clients()).isEqualTo(2);

            first.close();
            assertThat(server.stream().awaitClients(1, Duration.ofSeconds(30)))
                    .as("the keep-alive write to the closed connection removes its client").isTrue();
            try (RawHttp again = RawHttp.get(address, "/events")) {
                assertThat(again.status).isEqualTo(200);
                assertThat(again.event().name()).isEqualTo("table");
            }
        } finally {
            first.close();
        }
    }

    @Test
    void aBrowserThatDoesNotReadGetsTheLatestTableAndNoBacklog() throws Exception {
        List<ActionEntry> actions = IntStream.range(0, 400)
                .mapToObj(i -> action("Bulk.Some.Long.Namespace.action_" + i + "_" + "x".repeat(80), 1)).toList();
        AnnouncementRecord big = SignedRecords.record("bulk:1", "beepish+tls://127.0.0.1:30100", 1, SignedRecords.now(), actions);
        int tablesOfAboutSixtyKilobytes = 400;
        emit(ServiceTable.empty());
        try (RawHttp slow = RawHttp.open(address, "GET", "/events", "127.0.0.1", 4096)) {
            assertThat(slow.event().name()).isEqualTo("table");

            for (int i = 0; i < tablesOfAboutSixtyKilobytes; i++) {
                emit(ServiceTable.of(List.of(big), AuthorizedServices.allowAll(), List.of(new Rejection("table " + i, "-")), false));
            }
            emit(ServiceTable.of(List.of(), AuthorizedServices.allowAll(), List.of(new Rejection("last", "-")), false));
            // Here: publishing some 24 MB to a browser that reads nothing has not waited for it.

            long received = 1;
            JsonNode table;
            do {
                table = ScampJson.mapper().readTree(slow.event().data());
                received++;
            } while (!table.get("rejected").get(0).get("ident").asText().equals("last"));
            long offered = server.stream().offered();
            long coalesced = server.stream().coalesced();
            assertThat(offered).isEqualTo(tablesOfAboutSixtyKilobytes + 2);
            assertThat(coalesced).as("tables replaced while the browser was not reading").isPositive();
            assertThat(received + coalesced).as("every table was sent or replaced: none waits in a queue").isEqualTo(offered);
            assertThat(table.get("services")).isEmpty();
        }
    }

    @Test
    void closingEndsEveryStream() throws Exception {
        emit(ServiceTable.empty());
        try (RawHttp events = RawHttp.get(address, "/events")) {
            assertThat(events.event().name()).isEqualTo("table");
            server.close();
            assertThat(events.event()).isNull();
            assertThat(server.stream().clients()).isZero();
        }
    }

    @Test
    void aHostHeaderIsLoopbackOnlyByItsLiteralName() {
        assertThat(DashboardServer.isLoopbackHost("localhost:8370")).isTrue();
        assertThat(DashboardServer.isLoopbackHost("127.0.0.1")).isTrue();
        assertThat(DashboardServer.isLoopbackHost("[::1]")).isTrue();
        assertThat(DashboardServer.isLoopbackHost("[::1]x")).isFalse();
        assertThat(DashboardServer.isLoopbackHost("[::ffff:10.0.0.1]:80")).isFalse();
        assertThat(DashboardServer.isLoopbackHost("128.0.0.1")).isFalse();
        assertThat(DashboardServer.isLoopbackHost("")).isFalse();
    }

    private void emit(ServiceTable table) {
        assertThat(tables.tryEmitNext(table).isSuccess()).isTrue();
    }
}
