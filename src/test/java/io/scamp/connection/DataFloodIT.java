package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.ConnectionStalledException;
import io.scamp.testing.ForkedService;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.LegitClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A hostile peer against a service in its own JVM with a 64 MiB heap: it sends a request
 * HEADER to {@code Test.echo} and then DATA without end, ignoring the ACK window and reading
 * nothing back. The service must stop reading from it (so the peer's writes block on TCP,
 * having pushed far less than the heap), fail only that connection once nothing was consumed
 * for the stall timeout, and answer a legitimate client on another connection throughout and
 * afterwards. The other hostile peers are in {@code io.scamp.hostile}.
 */
class DataFloodIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Far more than the heap: a service that buffered it all would have died long before. */
    private static final long FLOOD_CAP = 1L << 30;

    @Test
    void aPeerIgnoringTheWindowIsSlowedByTcpThenDroppedWhileOthersAreServed() throws Exception {
        try (ForkedService service = ForkedService.start(Map.of("scamp.test.stallSeconds", "3"));
                LegitClient legit = new LegitClient(service.endpoint());
                HostilePeers.Peer peer = HostilePeers.connect(service.endpoint())) {
            AtomicLong pushed = new AtomicLong();
            byte[] data = HostilePeers.packet("DATA", 0, new byte[HostilePeers.MAX_BODY]);
            CompletableFuture<HostilePeers.FloodEnd> flood = HostilePeers.flood(peer,
                    HostilePeers.requestHeader(0, "Test.echo", 1), () -> data, pushed, FLOOD_CAP);

            int answered = legit.echoUntil(flood, WAIT);
            HostilePeers.FloodEnd ended = flood.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            JsonNode stats = legit.stats();

            System.out.println("flood pushed " + pushed.get() + " bytes; blocked for " + ended.blockedFor().toMillis()
                    + " ms before " + ended.failure() + "; legit calls " + answered + "; service " + stats);
            assertThat(ended.failure()).as("the service closed the flooding connection").isNotNull();
            assertThat(stats.path("bodyErrors").path(ConnectionStalledException.class.getName()).asLong())
                    .as("the echo's request body failed with the stall: %s", stats).isEqualTo(1);
            assertThat(pushed.get()).as("bytes the flood got into the service before TCP stopped it")
                    .isLessThan(64L << 20);
            assertThat(answered).as("legitimate calls answered during the flood").isPositive();
            legit.echo("after");
            assertThat(service.isAlive()).as("service process: %s", service.state()).isTrue();
        }
    }
}
