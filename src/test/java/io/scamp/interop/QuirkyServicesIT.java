package io.scamp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.connection.ConnectionSettings;
import io.scamp.connection.ReceiveLimits;
import io.scamp.message.ConnectionStalledException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.HostilePeers.PacketReader;
import io.scamp.testing.RawMessages;
import io.scamp.testing.RawMessages.Acks;
import io.scamp.testing.RawMessages.End;
import io.scamp.testing.RawMessages.Received;
import io.scamp.testing.TestBodies;
import io.scamp.testing.TestService;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Our {@link ScampClient}, with default settings, against services that behave like the other
 * implementations (SCAMP.md §11), scripted on a raw TLS server socket: replies of several MiB
 * in scamp-go's one DATA per write as fast as TCP takes them, in Perl's 1 KiB packets under a
 * header that carries only {@code request_id}, written whole before the service reads our
 * request, or stop-and-wait as scamp-js sends; services that ACK our request body on arrival
 * or never (which can only take a request body that fits the window). Each asserts the reply's
 * bytes exactly, and the script checks our request's bytes. Every script reads the connection
 * until our client closes it and refuses a PING, as Perl does: the client sends none by default.
 */
class QuirkyServicesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WINDOW = ConnectionSettings.DEFAULT_MAX_INFLIGHT;
    private static final int MAX_DATA = HostilePeers.MAX_BODY;
    /** The client's per-connection receive budget (same JVM, same default). */
    private static final long BUDGET = ReceiveLimits.defaults().connectionBytes();
    private static final long SEVERAL_MIB = Math.min(6L << 20, BUDGET - MAX_DATA);
    private static final String REPLY_HEADER = "{\"envelope\":\"json\",\"request_id\":1,\"error_code\":null,\"error\":null,\"type\":\"reply\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SSLServerSocket server;
    private Endpoint endpoint;

    /** One scripted service connection: the packets our client sends, and where to write. */
    @FunctionalInterface
    private interface Script<T> {
        T run(PacketReader in, OutputStream out) throws Exception;
    }

    @BeforeEach
    void listen() throws Exception {
        server = HostilePeers.serve(TestService.identity());
        endpoint = Endpoint.of("beepish+tls://127.0.0.1:" + server.getLocalPort(), TestService.identity().fingerprint());
    }

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    /**
     * scamp-go as a service: it ACKs our request on arrival, then writes the reply as one DATA
     * per application write (any size up to 128 KiB, an empty one too) as fast as TCP takes it,
     * ignoring our ACKs.
     */
    @Test
    void goRepliesInOneDataPerWriteIgnoringAcks() throws Exception {
        int[] writes = {MAX_DATA, 3, 65_537, 0, 8192, MAX_DATA, 99_999};
        AtomicInteger next = new AtomicInteger();
        IntSupplier sizes = () -> writes[next.getAndIncrement() % writes.length];
        CompletableFuture<Received> request = serve((in, out) -> {
            Received r = RawMessages.read(in, out, 0, acked -> { });
            RawMessages.write(out, HostilePeers.packet("HEADER", 0, REPLY_HEADER));
            RawMessages.writeBody(out, 0, SEVERAL_MIB, sizes, written -> { });
            RawMessages.readUntilClosed(in, acked -> { });
            return r;
        });

        try (ScampClient client = ScampClient.create()) {
            assertThat(call(client, Request.of("Go.fetch", TestBodies.pattern(100_000, 32 * 1024)))).isEqualTo(SEVERAL_MIB);
        }
        assertRequest(request, 100_000);
    }

    /**
     * The canonical Perl implementation as a service: a reply header with nothing but
     * {@code request_id} (no type, no envelope), and the body in 1 KiB DATA packets queued at
     * once, the window ignored. It drops a connection on which a PING arrives; the script refuses
     * one, so the call completing also shows that the client sends no PING by default.
     */
    @Test
    void perlRepliesInOneKiBPacketsUnderAHeaderOfOnlyRequestIdAndNoPingComes() throws Exception {
        long size = Math.min(4L << 20, SEVERAL_MIB);
        CompletableFuture<Received> request = serve((in, out) -> {
            Received r = RawMessages.read(in, out, 0, acked -> { });
            RawMessages.write(out, HostilePeers.packet("HEADER", 0, "{\"request_id\":1}"));
            RawMessages.writeBody(out, 0, size, RawMessages.fixed(1024), written -> { });
            RawMessages.readUntilClosed(in, acked -> { });
            return r;
        });

        try (ScampClient client = ScampClient.create()) {
            assertThat(call(client, Request.of("Perl.fetch", TestBodies.pattern(1000, 1000)))).isEqualTo(size);
        }
        assertRequest(request, 1000);
    }

    /**
     * A service that writes its whole reply, ignoring ACKs, as soon as our request's HEADER is in
     * (scamp-go's write lock), and reads the rest of our request, a body bigger than the window,
     * only then: our request body waits for its ACKs meanwhile, and our ACKs of the reply wait
     * unread in the service's socket.
     */
    @Test
    void aServiceThatWritesItsWholeReplyBeforeReadingOurRequestBody() throws Exception {
        long requestSize = 1L << 20;
        CompletableFuture<Received> request = new CompletableFuture<>();
        CompletableFuture<Void> script = serve((in, out) -> {
            RawMessages.readHeader(in, 0, acked -> { });
            RawMessages.write(out, HostilePeers.packet("HEADER", 0, REPLY_HEADER));
            RawMessages.writeBody(out, 0, SEVERAL_MIB, RawMessages.fixed(MAX_DATA), written -> { });
            request.complete(RawMessages.read(in, out, 0, acked -> { }));
            RawMessages.readUntilClosed(in, acked -> { });
            return null;
        });

        try (ScampClient client = ScampClient.create()) {
            assertThat(call(client, Request.of("Go.upload", TestBodies.pattern(requestSize, 64 * 1024)))).isEqualTo(SEVERAL_MIB);
            assertRequest(request, requestSize); // while the connection is open: the body finishes after the reply
        }
        script.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * scamp-js as a service: after each 128 KiB packet of its reply it waits until our ACKs
     * cover all but 64 KiB of what it wrote (stop-and-wait).
     */
    @Test
    void jsRepliesStopAndWait() throws Exception {
        CompletableFuture<Received> request = serve((in, out) -> {
            Received r = RawMessages.read(in, out, 0, acked -> { });
            Acks acks = new Acks();
            CompletableFuture<Void> reading = HostilePeers.onThread("js-service-reader", () -> {
                RawMessages.readUntilClosed(in, acks::acked);
                return null;
            });
            RawMessages.write(out, HostilePeers.packet("HEADER", 0, REPLY_HEADER));
            RawMessages.writeBody(out, 0, SEVERAL_MIB, RawMessages.fixed(MAX_DATA), written -> acks.awaitAtLeast(written - WINDOW, WAIT));
            reading.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return r;
        });

        try (ScampClient client = ScampClient.create()) {
            assertThat(call(client, Request.of("Js.fetch", TestBodies.pattern(10, 10)))).isEqualTo(SEVERAL_MIB);
        }
        assertRequest(request, 10);
    }

    /**
     * A service that ACKs every DATA of our request as it arrives, before it has used it, and
     * then replies: a request body of several MiB goes as fast as those ACKs let it.
     */
    @Test
    void aServiceThatAcksOnArrivalGetsABodyOfSeveralMiB() throws Exception {
        CompletableFuture<Received> request = serve((in, out) -> {
            Received r = RawMessages.read(in, out, 0, acked -> { });
            RawMessages.write(out, HostilePeers.packet("HEADER", 0, REPLY_HEADER));
            RawMessages.writeBody(out, 0, 1L << 20, RawMessages.fixed(MAX_DATA), written -> { });
            RawMessages.readUntilClosed(in, acked -> { });
            return r;
        });

        try (ScampClient client = ScampClient.create()) {
            assertThat(call(client, Request.of("Go.upload", TestBodies.pattern(SEVERAL_MIB, 128 * 1024)))).isEqualTo(1L << 20);
        }
        assertRequest(request, SEVERAL_MIB);
    }

    /**
     * A service that never ACKs still gets any request body that fits the window, since sending
     * it needs no ACK: 64 KiB generated lazily (its publisher says it is over only when asked for
     * more), 64 KiB in one buffer, and a small one, on one connection.
     */
    @Test
    void aServiceThatNeverAcksGetsRequestBodiesThatFitTheWindow() throws Exception {
        List<Request> requests = List.of(
                Request.of("Lazy.upload", TestBodies.pattern(WINDOW, 16 * 1024)),
                Request.of("Eager.upload", Flux.just(ByteBuffer.wrap(TestBodies.patternBytes(0, WINDOW)))),
                Request.of("Small.upload", TestBodies.pattern(100, 100)));
        CompletableFuture<List<Received>> received = serve((in, out) -> {
            List<Received> all = new ArrayList<>();
            for (int msgNo = 0; msgNo < requests.size(); msgNo++) {
                Received r = RawMessages.read(in, null, msgNo, acked -> { });
                all.add(r);
                long requestId = JSON.readTree(r.header()).path("request_id").asLong();
                RawMessages.write(out, HostilePeers.packet("HEADER", msgNo, "{\"type\":\"reply\",\"request_id\":" + requestId + "}"));
                RawMessages.writeBody(out, msgNo, 10, RawMessages.fixed(10), written -> { });
            }
            RawMessages.readUntilClosed(in, acked -> { });
            return all;
        });

        try (ScampClient client = ScampClient.create()) {
            for (Request request : requests) {
                assertThat(call(client, request)).as(request.action()).isEqualTo(10);
            }
        }
        assertThat(received.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .extracting(Received::end, Received::bytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(End.EOF, (long) WINDOW),
                        org.assertj.core.groups.Tuple.tuple(End.EOF, (long) WINDOW), org.assertj.core.groups.Tuple.tuple(End.EOF, 100L));
    }

    /**
     * A request body bigger than the window cannot reach a service that never ACKs (SCAMP.md §4:
     * no evidence that it keeps up): the client sends one window and fails the call with
     * {@link ConnectionStalledException} after its stall timeout (2 s here; 60 s by default).
     */
    @Test
    void aBiggerRequestToAServiceThatNeverAcksFailsWithTheStallError() throws Exception {
        CompletableFuture<Received> received = serve((in, out) -> RawMessages.read(in, null, 0, acked -> { }));

        try (ScampClient client = ScampClient.builder().receiveStallTimeout(Duration.ofSeconds(2)).build()) {
            assertThatThrownBy(() -> call(client, Request.of("Go.upload", TestBodies.pattern(1L << 20, 64 * 1024))))
                    .isInstanceOf(ConnectionStalledException.class).hasMessageContaining("acknowledged none of our data");
        }
        Received r = received.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.end()).isEqualTo(End.CLOSED);
        assertThat(r.bytes()).as("request bytes sent without an ACK: the window").isEqualTo(WINDOW);
    }

    /**
     * A reply that fits the client's per-connection receive budget, written whole by a service
     * that ignores ACKs, is all received before the application starts reading it, and then
     * read whole.
     */
    @Test
    void aReplyWithinTheReceiveBudgetCanBeReadAfterTheServiceWroteAllOfIt() throws Exception {
        long size = BUDGET - 2 * MAX_DATA;
        CompletableFuture<Void> written = new CompletableFuture<>();
        CompletableFuture<Received> request = serve((in, out) -> {
            Received r = RawMessages.read(in, out, 0, acked -> { });
            RawMessages.write(out, HostilePeers.packet("HEADER", 0, REPLY_HEADER));
            RawMessages.writeBody(out, 0, size, RawMessages.fixed(MAX_DATA), sent -> { });
            written.complete(null);
            RawMessages.readUntilClosed(in, acked -> { });
            return r;
        });

        try (ScampClient client = ScampClient.create()) {
            Reply reply = client.request(endpoint, Request.of("Go.fetch", TestBodies.pattern(10, 10))).block(WAIT);
            written.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(TestBodies.verifyPattern(reply.body()).block(WAIT)).isEqualTo(size);
        }
        assertRequest(request, 10);
    }

    // ---------------------------------------------------------------- shared

    /** Runs {@code script} on the next connection accepted, on a thread of its own; the socket is closed after it. */
    private <T> CompletableFuture<T> serve(Script<T> script) {
        return HostilePeers.onThread("quirky-service", () -> {
            try (Socket socket = server.accept()) {
                return script.run(new PacketReader(socket.getInputStream()), socket.getOutputStream());
            }
        });
    }

    /** The call's reply body, checked against the pattern; its length. */
    private Long call(ScampClient client, Request request) {
        return client.request(endpoint, request).flatMap(reply -> TestBodies.verifyPattern(reply.body())).block(WAIT);
    }

    /** The script read our request whole: EOF after {@code size} pattern bytes, request id 1. */
    private static void assertRequest(CompletableFuture<Received> request, long size) throws Exception {
        Received r = request.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.end()).as("how our request ended: %s", r).isEqualTo(End.EOF);
        assertThat(r.bytes()).isEqualTo(size);
        if (r.header() != null) {
            assertThat(JSON.readTree(r.header()).path("request_id").asLong()).isEqualTo(1);
        }
    }
}
