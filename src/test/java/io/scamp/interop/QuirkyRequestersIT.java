package io.scamp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.connection.ConnectionSettings;
import io.scamp.connection.ReceiveLimits;
import io.scamp.connection.ScampConnection;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.HostilePeers.PacketReader;
import io.scamp.testing.HostilePeers.Peer;
import io.scamp.testing.LogCapture;
import io.scamp.testing.RawMessages;
import io.scamp.testing.RawMessages.Acks;
import io.scamp.testing.RawMessages.End;
import io.scamp.testing.RawMessages.Received;
import io.scamp.testing.TestBodies;
import io.scamp.testing.TestService;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requesters that behave like the other implementations (SCAMP.md §11), scripted on raw TLS
 * sockets against a service of ours with default settings (a {@link TestService}: only its
 * identity, address and port are set). Each sends a body of several MiB, or one near the
 * service's per-connection receive budget, to {@code Test.echo} in its own way, and gets it
 * back whole, every byte checked: scamp-go's one DATA per write without reading anything until
 * the request is written, Perl's 1 KiB packets ignoring the window, scamp-js's stop-and-wait,
 * a requester that ACKs on arrival while it still sends, and one that never ACKs (which can
 * only get replies that fit the window: a bigger one is failed by the stall timeout).
 * Every reader here refuses a PING, as Perl does, so none may come from the service.
 */
class QuirkyRequestersIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WINDOW = ConnectionSettings.DEFAULT_MAX_INFLIGHT;
    private static final int MAX_DATA = HostilePeers.MAX_BODY;
    /** The service's per-connection receive budget (same JVM, same heap, so the same default). */
    private static final long BUDGET = ReceiveLimits.defaults().connectionBytes();
    private static final long SEVERAL_MIB = Math.min(6L << 20, BUDGET - MAX_DATA);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(b -> b.action("Test.lazy", 1, req -> req.bodyAsJson(JsonNode.class)
                .map(json -> Reply.of(TestBodies.pattern(json.path("bytes").asLong(), 16 * 1024)))));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /**
     * scamp-go: every application write is one DATA packet, of any size up to 128 KiB (an empty
     * one too), ACKs are ignored, and its write lock keeps it from reading, and so from ACKing
     * the reply, until the whole request is written. The service's ACKs and the start of its
     * echo wait unread meanwhile, and the request waits in the service, within its budget.
     */
    @Test
    void goWritesOneDataPerWriteAndReadsNothingUntilTheRequestIsWritten() throws Exception {
        int[] writes = {MAX_DATA, 1, 70_000, 0, 4096, MAX_DATA, 100_000, 31_000};
        AtomicInteger next = new AtomicInteger();
        IntSupplier sizes = () -> writes[next.getAndIncrement() % writes.length];

        assertEchoed(writeWholeRequestThenRead(service.endpoint(), SEVERAL_MIB, sizes, true), SEVERAL_MIB);
    }

    /** As scamp-go, with a request just under the service's per-connection receive budget. */
    @Test
    void goRequestNearThePerConnectionBudgetIsEchoedWhole() throws Exception {
        long size = BUDGET - 2 * MAX_DATA;

        assertEchoed(writeWholeRequestThenRead(service.endpoint(), size, RawMessages.fixed(MAX_DATA), true), size);
    }

    /** The canonical Perl implementation, paced: 1 KiB DATA packets, the whole body queued at once, the window ignored. */
    @Test
    void perlWritesOneKiBPacketsIgnoringTheWindow() throws Exception {
        long size = Math.min(4L << 20, SEVERAL_MIB);

        assertEchoed(writeWholeRequestThenRead(service.endpoint(), size, RawMessages.fixed(1024), true), size);
    }

    /**
     * scamp-js: it checks the window after writing each 128 KiB packet, so with the 64 KiB
     * default it waits, after every packet, until the service's ACKs cover all but 64 KiB of
     * what it wrote (stop-and-wait), while it reads and ACKs the echo as it consumes it.
     */
    @Test
    void jsStopsAndWaitsAfterEach128KiBPacket() throws Exception {
        try (Peer peer = HostilePeers.connect(service.endpoint())) {
            OutputStream out = peer.out();
            Acks acks = new Acks();
            CompletableFuture<Received> reply = HostilePeers.onThread("js-reader",
                    () -> RawMessages.read(new PacketReader(peer.in()), out, 0, acks::acked));
            CompletableFuture<Void> sent = HostilePeers.onThread("js-writer", () -> {
                RawMessages.write(out, HostilePeers.requestHeader(0, "Test.echo", 1));
                RawMessages.writeBody(out, 0, SEVERAL_MIB, RawMessages.fixed(MAX_DATA), written -> acks.awaitAtLeast(written - WINDOW, WAIT));
                return null;
            });

            sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEchoed(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS), SEVERAL_MIB);
        }
    }

    /**
     * A requester that ACKs every DATA of the reply as it arrives (scamp-go's reading side)
     * while it is still sending its request in 128 KiB packets without looking at ACKs.
     */
    @Test
    void aRequesterThatAcksOnArrivalWhileStillSendingGetsItsEcho() throws Exception {
        List<Long> acks = new CopyOnWriteArrayList<>();
        try (Peer peer = HostilePeers.connect(service.endpoint())) {
            OutputStream out = peer.out();
            CompletableFuture<Received> reply = HostilePeers.onThread("arrival-reader",
                    () -> RawMessages.read(new PacketReader(peer.in()), out, 0, acks::add));
            CompletableFuture<Void> sent = HostilePeers.onThread("arrival-writer", () -> {
                RawMessages.write(out, HostilePeers.requestHeader(0, "Test.echo", 1));
                RawMessages.writeBody(out, 0, SEVERAL_MIB, RawMessages.fixed(MAX_DATA), written -> { });
                return null;
            });

            sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEchoed(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS), SEVERAL_MIB);
        }
        assertThat(acks).as("the service's ACKs of the request: cumulative, strictly rising, never past what was sent")
                .isNotEmpty().isSorted().doesNotHaveDuplicates().allMatch(a -> a > 0 && a <= SEVERAL_MIB);
    }

    /**
     * A requester that never ACKs gets any reply that fits the window, EOF included, since
     * sending it needs no ACK: an echo of exactly 64 KiB, and 64 KiB generated lazily, whose
     * publisher tells that it is over only when asked for more.
     */
    @Test
    void aRequesterThatNeverAcksGetsRepliesThatFitTheWindow() throws Exception {
        assertEchoed(writeWholeRequestThenRead(service.endpoint(), WINDOW, RawMessages.fixed(WINDOW), false), WINDOW);

        try (Peer peer = HostilePeers.connect(service.endpoint())) {
            byte[] ask = ("{\"bytes\":" + WINDOW + "}").getBytes(StandardCharsets.US_ASCII);
            Received reply = HostilePeers.onThread("never-acks", () -> {
                RawMessages.write(peer.out(), HostilePeers.request(0, "Test.lazy", 1, ask));
                return RawMessages.read(new PacketReader(peer.in()), null, 0, acked -> { });
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEchoed(reply, WINDOW);
        }
    }

    /**
     * A reply bigger than the window cannot reach a requester that never ACKs: SCAMP.md §4 lets
     * a sender go past the window only on evidence that the receiver keeps up, and this one
     * gives none. The service sends one window, waits, and fails that connection after its
     * stall timeout (shortened to 2 s here; 60 s by default) rather than holding it for good;
     * other connections are served.
     */
    @Test
    void aBiggerReplyToARequesterThatNeverAcksIsFailedByTheStallTimeout() throws Exception {
        Duration stall = Duration.ofSeconds(2);
        long size = 1L << 20;
        try (TestService stalling = TestService.start(b -> b.receiveStallTimeout(stall));
                LogCapture log = LogCapture.of(ScampConnection.class.getName())) {
            long start = System.nanoTime();
            Received reply = writeWholeRequestThenRead(stalling.endpoint(), size, RawMessages.fixed(MAX_DATA), false);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(reply.end()).as("how the reply ended: %s", reply).isEqualTo(End.CLOSED);
            assertThat(reply.bytes()).as("reply bytes sent without an ACK: the window, overshot by at most a packet")
                    .isGreaterThanOrEqualTo(WINDOW).isLessThan(WINDOW + MAX_DATA);
            assertThat(took).as("closed by the stall timeout, not at once").isGreaterThanOrEqualTo(stall.minusMillis(200));
            assertThat(log.atLeast(Level.WARNING, "acknowledged none of our data")).as("the service logs the stall").hasSize(1);
            try (ScampClient client = ScampClient.create()) {
                String back = client.request(stalling.endpoint(), Request.builder("Test.echo").body("still here".getBytes(StandardCharsets.UTF_8))
                        .build()).flatMap(Reply::bodyAsString).block(WAIT);
                assertThat(back).isEqualTo("still here");
            }
        }
    }

    // ---------------------------------------------------------------- shared

    /**
     * One connection: the request's HEADER and its body of {@code size} pattern bytes in DATA
     * packets of {@code sizes}, all written before anything is read (scamp-go's write lock,
     * Perl's queue), then the reply read, ACKing each DATA on arrival if {@code ack}.
     */
    private static Received writeWholeRequestThenRead(Endpoint target, long size, IntSupplier sizes, boolean ack) throws Exception {
        try (Peer peer = HostilePeers.connect(target)) {
            return HostilePeers.onThread("write-then-read", () -> {
                OutputStream out = peer.out();
                RawMessages.write(out, HostilePeers.requestHeader(0, "Test.echo", 1));
                RawMessages.writeBody(out, 0, size, sizes, written -> { });
                return RawMessages.read(new PacketReader(peer.in()), ack ? out : null, 0, acked -> { });
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** A successful reply to request 1 that ended with EOF after {@code size} pattern bytes (each checked as it came). */
    private static void assertEchoed(Received reply, long size) throws Exception {
        assertThat(reply.end()).as("how the reply ended: %s", reply).isEqualTo(End.EOF);
        assertThat(reply.bytes()).as("reply bytes").isEqualTo(size);
        JsonNode header = JSON.readTree(reply.header());
        assertThat(header.path("request_id").asLong()).as("reply header %s", header).isEqualTo(1);
        assertThat(header.path("type").asText()).as("reply header %s", header).isEqualTo("reply");
        assertThat(header.path("error_code").isMissingNode() || header.path("error_code").isNull()).as("reply header %s", header).isTrue();
    }
}
