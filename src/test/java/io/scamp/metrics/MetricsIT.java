package io.scamp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
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
import io.scamp.message.ScampTimeoutException;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.TestService;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A client and a service over TLS on loopback, recording into one registry: after known
 * traffic, the meters of both sides hold what happened, with their tags bounded (an action the
 * service does not have is {@code unknown} there, an error code it does not know {@code other}).
 */
class MetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    /** Counted down when a {@code Test.never} handler is cancelled. */
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final TestService service = TestService.start(b -> b.metrics(registry)
            .action("Test.never", 1, req -> Mono.<Reply>never().doOnCancel(cancelled::countDown)));
    private final ScampClient client = ScampClient.builder().metrics(registry).build();

    @AfterEach
    void close() {
        client.close();
        service.close();
    }

    private double count(String meter, String... tags) {
        return registry.find(meter).tags(tags).meters().stream().mapToDouble(MetricsIT::value).sum();
    }

    private static double value(Meter m) {
        return m instanceof Timer ? ((Timer) m).count() : m.measure().iterator().next().getValue();
    }

    private Reply call(String action, byte[] body) {
        return client.request(service.endpoint(), Request.builder(action).body(body).build()).block(WAIT);
    }

    @Test
    void bothSidesCountCallsByActionAndOutcomeWithBoundedTags() {
        assertThat(call("Test.count", new byte[1000]).bodyAsString().block(WAIT)).isEqualTo("{\"bytes\":1000}");
        call("test.COUNT", new byte[0]).body().blockLast(WAIT);
        assertThatThrownBy(() -> call("Test.fail", new byte[0])).isInstanceOf(RemoteActionException.class);
        assertThatThrownBy(() -> call("Test.nothing", new byte[0])).isInstanceOf(RemoteActionException.class);

        assertThat(count(MeterNames.CALLS, "side", "service", "action", "Test.count", "outcome", "ok")).as("both cases").isEqualTo(2);
        assertThat(count(MeterNames.CALLS, "side", "client", "action", "Test.count", "outcome", "ok")).isEqualTo(1);
        assertThat(count(MeterNames.CALLS, "side", "client", "action", "test.COUNT", "outcome", "ok")).isEqualTo(1);
        assertThat(count(MeterNames.CALLS_BODY, "side", "client", "outcome", "ok")).isEqualTo(2);
        assertThat(count(MeterNames.CALLS_BODY, "side", "service", "outcome", "ok")).isEqualTo(2);
        for (String side : List.of("client", "service")) {
            assertThat(count(MeterNames.CALLS, "side", side, "action", "Test.fail", "outcome", "error", "error_code", "other"))
                    .as("test_failure is not a known code").isEqualTo(1);
            assertThat(count(MeterNames.CALLS_ACTIVE, "side", side)).isZero();
            assertThat(count(MeterNames.HANDSHAKE, "side", side)).isEqualTo(1);
            assertThat(count(MeterNames.CONNECTIONS_OPENED, "side", side)).isEqualTo(1);
            assertThat(count(MeterNames.CONNECTIONS_OPEN, "side", side)).isEqualTo(1);
        }
        assertThat(count(MeterNames.CALLS, "side", "service", "action", "unknown", "version", "unknown", "error_code", "not_found"))
                .isEqualTo(1);
        assertThat(registry.find(MeterNames.CALLS).tags("side", "service", "action", "Test.nothing").meters())
                .as("never the name a peer sent").isEmpty();
        assertThat(count(MeterNames.CALLS, "side", "client", "action", "Test.nothing", "error_code", "not_found")).isEqualTo(1);
        assertThat(count(MeterNames.DATA_SENT, "side", "client")).isEqualTo(1000);
        assertThat(count(MeterNames.DATA_RECEIVED, "side", "service")).isEqualTo(1000);
        assertThat(count(MeterNames.DATA_RECEIVED, "side", "client")).isEqualTo("{\"bytes\":1000}".length() + "{\"bytes\":0}".length());
        assertThat(count(MeterNames.PACKETS_SENT, "side", "client", "type", "header")).isEqualTo(4);
        assertThat(count(MeterNames.PACKETS_RECEIVED, "side", "service", "type", "eof")).isEqualTo(4);
        assertThat(count(MeterNames.CONNECT, "side", "client", "outcome", "ok")).isEqualTo(1);
        assertThat(count(MeterNames.POOL_CONNECTIONS, "address", service.running().address())).isEqualTo(1);
    }

    @Test
    void aClientTimeoutThenItsCloseEndTheServicesCallAsTransport() throws Exception {
        call("Test.count", new byte[0]).body().blockLast(WAIT); // connected: the timeout below is the call's, not the connect's
        assertThatThrownBy(() -> client.request(service.endpoint(), Request.builder("Test.never").timeout(Duration.ofMillis(200)).build())
                .block(WAIT)).isInstanceOf(ScampTimeoutException.class);
        assertThat(count(MeterNames.CALLS, "side", "client", "action", "Test.never", "outcome", "timeout")).isEqualTo(1);
        assertThat(count(MeterNames.CALLS_ACTIVE, "side", "service")).as("its handler still runs").isEqualTo(1);

        client.close();
        assertThat(cancelled.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(count(MeterNames.CALLS, "side", "service", "action", "Test.never", "outcome", "transport")).isEqualTo(1);
        assertThat(count(MeterNames.CALLS_ACTIVE, "side", "service")).isZero();
        assertThat(count(MeterNames.CONNECTIONS_CLOSED, "side", "client", "cause", "local")).isEqualTo(1);
        assertThat(count(MeterNames.CONNECTIONS_CLOSED, "side", "service", "cause", "lost")).isEqualTo(1);
        assertThat(count(MeterNames.CONNECTIONS_OPEN, "side", "client")).isZero();
        assertThat(registry.find(MeterNames.POOL_CONNECTIONS).meters()).as("gone with the connection").isEmpty();
    }

    @Test
    void aRequesterThatAbortsItsRequestCancelsTheServicesCall() throws Exception {
        call("Test.count", new byte[0]).body().blockLast(WAIT);
        assertThatThrownBy(() -> client.request(service.endpoint(), Request.builder("Test.never").body(Flux.never())
                .timeout(Duration.ofMillis(200)).build()).block(WAIT)).isInstanceOf(ScampTimeoutException.class);
        assertThat(cancelled.await(30, TimeUnit.SECONDS)).as("the TXERR cancels the handler").isTrue();

        assertThat(count(MeterNames.CALLS, "side", "service", "action", "Test.never", "outcome", "cancelled")).isEqualTo(1);
        assertThat(count(MeterNames.PACKETS_SENT, "side", "client", "type", "txerr")).isEqualTo(1);
        assertThat(count(MeterNames.CALLS_ACTIVE)).isZero();
    }

    @Test
    void aProtocolViolationIsCountedByKindOnTheServiceThatClosedTheConnection() throws Exception {
        try (HostilePeers.Peer peer = HostilePeers.connect(service.endpoint())) {
            peer.out().write("BOGUS 0 0\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII));
            peer.out().flush();
            InputStream in = peer.in();
            while (in.read() >= 0) {
                // until the service closes the connection, which it counted first
            }
        }

        assertThat(count(MeterNames.PROTOCOL_VIOLATIONS, "side", "service", "kind", "unknown_type")).isEqualTo(1);
        assertThat(count(MeterNames.CONNECTIONS_CLOSED, "side", "service", "cause", "protocol")).isEqualTo(1);
    }

    @Test
    void theDirectorysGaugesFollowItsTable() {
        SourceState state = new SourceState(List.of(service.record("Test.echo", "Test.count")),
                List.of(new Rejection(null, "signature does not verify", Rejection.Kind.SIGNATURE)), false);
        try (ServiceDirectory directory = ServiceDirectory.create(List.of(() -> Flux.just(state).concatWith(Flux.never())),
                     AuthorizedServicesSource.fixed(AuthorizedServices.allowAll()));
             ScampClient routing = ScampClient.builder().metrics(registry).directory(directory).build()) {
            directory.awaitFirst(WAIT);
            String echoed = routing.request(Request.builder("Test.echo").body("hi".getBytes(StandardCharsets.UTF_8)).build())
                    .flatMap(Reply::bodyAsString).block(WAIT);
            assertThat(echoed).isEqualTo("hi");

            assertThat(count(MeterNames.DIRECTORY_SERVICES)).isEqualTo(1);
            assertThat(count(MeterNames.DIRECTORY_ACTIONS)).isEqualTo(2);
            assertThat(count(MeterNames.DIRECTORY_REJECTED, "reason", "signature")).isEqualTo(1);
            assertThat(count(MeterNames.DIRECTORY_REJECTED, "reason", "malformed")).isZero();
            assertThat(count(MeterNames.DIRECTORY_STALE)).isZero();
        }
    }
}
