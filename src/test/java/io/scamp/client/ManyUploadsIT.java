package io.scamp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.connection.ScampConnection;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.TestBodies;
import io.scamp.testing.TestService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * 10,000 uploads at once on one connection, each a little over the floor window (so each waits
 * for an ACK and may adapt): all complete, and what the client has unacknowledged across them
 * stays within the connection's window budget (issue 11's target).
 */
class ManyUploadsIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final int UPLOADS = 10_000;
    private static final int BODY = 72 * 1024;

    private TestService service;
    private ScampClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void tenThousandConcurrentUploadsOnOneConnectionCompleteWithinTheConnectionBudget() {
        service = TestService.start();
        client = ScampClient.create();
        Endpoint target = service.endpoint();
        client.connect(target).block(WAIT);
        ScampConnection connection = client.pool().usableConnection(target);

        List<Long> counted = Flux.range(0, UPLOADS)
                .flatMap(i -> client.request(target, Request.of("Test.count", TestBodies.pattern(BODY, 16 * 1024)))
                        .flatMap(r -> r.bodyAsJson(Map.class))
                        .map(m -> ((Number) m.get("bytes")).longValue()), UPLOADS)
                .collectList()
                .block(WAIT);

        assertThat(counted).hasSize(UPLOADS).containsOnly((long) BODY);
        assertThat(client.pool().usableConnection(target)).as("all on the one connection").isSameAs(connection);
        long peak = connection.peakUnacknowledgedBytes();
        System.out.printf("peak unacknowledged across %d uploads: %d bytes (connection window %d)%n", UPLOADS, peak,
                connection.connectionWindow());
        assertThat(peak).as("peak unacknowledged bytes across all uploads").isPositive()
                .isLessThanOrEqualTo(connection.connectionWindow() + 128 * 1024);
    }
}
