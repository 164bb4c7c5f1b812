package io.scamp.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scamp.client.ScampClient;
import io.scamp.message.ConnectionStalledException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.ForkedJvm;
import io.scamp.testing.ForkedService;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.HostilePeers.FloodEnd;
import io.scamp.testing.HostilePeers.Packet;
import io.scamp.testing.HostilePeers.PacketReader;
import io.scamp.testing.HostilePeers.Peer;
import io.scamp.testing.LegitClient;
import io.scamp.testing.TestBodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Hostile peers on raw TLS sockets against an {@code EchoServiceMain} in a forked
 * {@code -Xmx64m} JVM that exits at its first {@link OutOfMemoryError}. Each case asserts that
 * the service survives with a bounded heap (its process alive; where the attack holds, the
 * live heap it reports under 40 MiB, Netty's direct memory under 32 MiB, and far less pushed
 * into it than its heap), that the attacking connection is dealt with (its writes blocked by
 * TCP and then the connection failed by the stall timeout, or closed for a protocol violation
 * or an unfinished handshake), and that a legitimate client on its own connection is answered
 * during the attack and afterwards. The DATA flood is {@code io.scamp.connection.DataFloodIT};
 * a flooding service against a forked requester is {@link FloodedRequesterIT}.
 */
class HostilePeersIT {
    /** The service's receive stall timeout, for the cases that wait for it. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(3);
    private static final String STALL = Long.toString(STALL_TIMEOUT.toSeconds());
    /** How long an attack may take to be dealt with: the stall timeout and then some. */
    private static final Duration ATTACK_ENDS = Duration.ofSeconds(40);
    /** Far more than the heap: a service that buffered it all would have died long before. */
    private static final long FLOOD_CAP = 1L << 30;
    /** What a flood may push before TCP stops it: far under the service's heap. */
    private static final long PUSHED_BOUND = ForkedJvm.HEAP;
    /** The live heap (after a GC) an attack may leave the service holding. */
    private static final long LIVE_HEAP_BOUND = 40L << 20;
    /** The direct memory Netty may hold for the service during an attack (its limit is 64 MiB). */
    private static final long DIRECT_BOUND = 32L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Case 1: PINGs as fast as TCP takes them, no PONG ever read. */
    @Test
    void aPingFloodThatReadsNoPongsIsStoppedByTcpAndDropped() throws Exception {
        ByteArrayOutputStream pings = new ByteArrayOutputStream();
        for (int i = 0; i < 4096; i++) {
            pings.writeBytes(HostilePeers.packet("PING", i, new byte[0]));
        }
        byte[] chunk = pings.toByteArray();
        floodWithoutReading("PING", () -> chunk);
    }

    /** Case 2: whole small {@code Test.echo} requests in a loop, no reply ever read. */
    @Test
    void aRequestFloodThatReadsNoRepliesIsStoppedByTcpAndDropped() throws Exception {
        AtomicLong next = new AtomicLong();
        byte[] body = "x".getBytes(StandardCharsets.US_ASCII);
        floodWithoutReading("request", () -> {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < 256; i++) {
                long msgNo = next.getAndIncrement();
                batch.writeBytes(HostilePeers.request(msgNo, "Test.echo", msgNo + 1, body));
            }
            return batch.toByteArray();
        });
    }

    /**
     * Case 3: 10,000 requests on one connection whose bodies never end (HEADER and one DATA, no
     * EOF), over a per-connection limit of 1000: the first 1000 get their echo reply started,
     * the next ones a busy reply flagged dispatch_failure. Every open message counts against the
     * connection's receive budget (4 MiB at -Xmx64m), so the service stops reading before it has
     * read all 10,000, and the stall timeout then fails the connection; the service serves
     * others meanwhile, with a bounded heap.
     */
    @Test
    void tenThousandUnfinishedRequestsAreAnsweredBusyOverTheLimitAndStallOverTheBudget() throws Exception {
        int open = 10_000;
        int limit = 1000;
        try (ForkedService service = ForkedService.start(Map.of("scamp.test.maxRequestsPerConnection", Integer.toString(limit),
                "scamp.test.stallSeconds", STALL));
                LegitClient legit = new LegitClient(service.endpoint())) {
            try (Peer peer = HostilePeers.connect(service.endpoint())) {
                Set<Long> echoing = ConcurrentHashMap.newKeySet();
                Set<Long> busy = ConcurrentHashMap.newKeySet();
                List<String> other = Collections.synchronizedList(new ArrayList<>());
                CompletableFuture<String> readerDone = HostilePeers.onThread("hostile-reader", () -> {
                    PacketReader reader = new PacketReader(peer.in());
                    try {
                        for (Packet p = reader.next(); p != null; p = reader.next()) {
                            if (!p.type().equals("HEADER")) {
                                continue;
                            }
                            JsonNode header;
                            try {
                                header = JSON.readTree(p.body());
                            } catch (IOException notJson) {
                                other.add(p.text());
                                continue;
                            }
                            long requestId = header.path("request_id").asLong();
                            if (header.path("error_code").isNull() || header.path("error_code").isMissingNode()) {
                                echoing.add(requestId);
                            } else if ("busy".equals(header.path("error_code").asText())
                                    && header.path("error_data").path("dispatch_failure").asBoolean()) {
                                busy.add(requestId);
                            } else {
                                other.add(p.text());
                            }
                        }
                        return "end of stream";
                    } catch (IOException closed) {
                        return closed.toString();
                    }
                });
                OutputStream out = peer.out();
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int msgNo = 0; msgNo < open; msgNo++) {
                    batch.writeBytes(HostilePeers.requestHeader(msgNo, "Test.echo", msgNo + 1));
                    batch.writeBytes(HostilePeers.packet("DATA", msgNo, "x"));
                    if (batch.size() > 64 * 1024) {
                        out.write(batch.toByteArray());
                        batch.reset();
                    }
                    if (msgNo % 1000 == 0) {
                        legit.echo("while opening " + msgNo);
                    }
                }
                out.write(batch.toByteArray());
                out.flush();

                JsonNode peak = legit.peakStatsUntil(readerDone, ATTACK_ENDS);
                System.out.println("unfinished requests: " + echoing.size() + " echoing, " + busy.size() + " busy, " + other.size()
                        + " other replies before the close (" + readerDone.get() + "); legit calls " + legit.answered());
                assertThat(other).as("replies neither echo nor busy").isEmpty();
                assertThat(echoing).as("requests under the limit get their reply started").hasSize(limit)
                        .allMatch(id -> id >= 1 && id <= limit);
                assertThat(busy).as("requests over the limit are answered busy, dispatch_failure").isNotEmpty()
                        .allMatch(id -> id > limit && id <= limit + busy.size());
                assertThat(echoing.size() + busy.size()).as("reads paused over the budget before every request was read")
                        .isLessThan(open);
                assertMemoryBounded(peak);
                assertThat(legit.stats().path("bodyErrors").path(ConnectionStalledException.class.getName()).asLong())
                        .as("the echoing requests' bodies failed with the stall").isEqualTo(limit);
            }
            legit.echo("after");
            assertThat(service.isAlive()).as("service process: %s", service.state()).isTrue();
        }
    }

    /**
     * Case 4: a peer asks for a long streamed reply ({@code Test.source}, 1 GiB) on each of 256
     * requests and then neither reads nor ACKs. The ACK window holds each reply to 64 KiB, but
     * together they are 16 MiB: more than the socket buffers and the channel's outbound buffer
     * take, so the channel stops being writable, the connection stops reading, and the stall
     * timeout fails it. (A peer that uploads a body and stops reading its echo midway is
     * DataFloodIT.)
     */
    @Test
    void aPeerThatStopsReadingManyStreamedRepliesIsFailedByTheStallTimeout() throws Exception {
        stopReadingMidReply(256);
    }

    /**
     * Case 4 with a single reply: the service sends its window, 64 KiB, which the kernel's
     * socket buffers hold, and waits for an ACK that never comes. The peer has read nothing for
     * the stall timeout, so the connection should be failed like any other that stopped
     * reading; the service's memory stays bounded, and others are served meanwhile.
     */
    @Test
    void aPeerThatStopsReadingOneStreamedReplyIsFailedByTheStallTimeout() throws Exception {
        stopReadingMidReply(1);
    }

    /**
     * Case 5: framing and header violations each close the peer's connection (the raw socket
     * reads the end), and the service answers others between them and after.
     */
    @Test
    void malformedPacketsCloseTheirConnection() throws Exception {
        byte[] openRequest = HostilePeers.requestHeader(0, "Test.echo", 1);
        Map<String, byte[]> attacks = new LinkedHashMap<>();
        attacks.put("a packet line over 40 bytes without CRLF", ascii("DATA 0 " + "1".repeat(60)));
        attacks.put("LENGTH 131073", concat(openRequest, ascii("DATA 0 131073\r\n")));
        attacks.put("LENGTH far over the limit", ascii("HEADER 0 99999999999999\r\n"));
        attacks.put("a HEADER whose JSON is garbage", HostilePeers.packet("HEADER", 0, "{not json!]"));
        attacks.put("a HEADER that is a JSON array", HostilePeers.packet("HEADER", 0, "[1,2,3]"));
        attacks.put("a bare LF", ascii("PING 0 0\nEND\r\n"));
        attacks.put("an unknown packet type", ascii("BOGUS 0 0\r\nEND\r\n"));
        attacks.put("a bad packet end", ascii("PING 0 0\r\nEND\n\n"));
        try (ForkedService service = ForkedService.start(Map.of());
                LegitClient legit = new LegitClient(service.endpoint())) {
            for (Map.Entry<String, byte[]> attack : attacks.entrySet()) {
                try (Peer peer = HostilePeers.connect(service.endpoint())) {
                    peer.out().write(attack.getValue());
                    peer.out().flush();
                    Duration closed = HostilePeers.awaitClosed(peer.tls(), Duration.ofSeconds(10));
                    System.out.println(attack.getKey() + ": closed after " + closed.toMillis() + " ms");
                } catch (AssertionError stillOpen) {
                    throw new AssertionError(attack.getKey() + ": " + stillOpen.getMessage(), stillOpen);
                }
                legit.echo("after " + attack.getKey());
            }
            assertThat(service.isAlive()).as("service process: %s", service.state()).isTrue();
        }
    }

    /**
     * Case 6: 200 TCP connections that never start TLS and 20 that send half a ClientHello:
     * the legitimate client is served while they are open, and the service closes each within
     * 30 s (its handshake timeout is 10 s).
     */
    @Test
    void handshakesThatNeverFinishAreClosedWhileOthersAreServed() throws Exception {
        try (ForkedService service = ForkedService.start(Map.of());
                LegitClient legit = new LegitClient(service.endpoint())) {
            String host = service.endpoint().host();
            int port = service.endpoint().port();
            byte[] hello = HostilePeers.clientHello(host, port);
            List<Socket> silent = new ArrayList<>();
            try {
                long opened = System.nanoTime();
                for (int i = 0; i < 220; i++) {
                    Socket socket = new Socket(host, port);
                    silent.add(socket);
                    if (i >= 200) {
                        socket.getOutputStream().write(hello, 0, hello.length / 2);
                        socket.getOutputStream().flush();
                    }
                }
                for (int i = 0; i < 20; i++) {
                    legit.echo("among silent connections " + i);
                }
                Duration served = Duration.ofNanos(System.nanoTime() - opened);
                long longest = 0;
                for (Socket socket : silent) {
                    Duration left = Duration.ofSeconds(30).minusNanos(System.nanoTime() - opened);
                    HostilePeers.awaitClosed(socket, left.isNegative() ? Duration.ofMillis(1) : left);
                    longest = System.nanoTime() - opened;
                }
                System.out.println("20 legit calls in " + served.toMillis() + " ms among " + silent.size()
                        + " unfinished handshakes; all closed after " + TimeUnit.NANOSECONDS.toMillis(longest) + " ms");
                legit.echo("after");
                assertThat(service.isAlive()).as("service process: %s", service.state()).isTrue();
            } finally {
                for (Socket socket : silent) {
                    socket.close();
                }
            }
        }
    }

    /**
     * Case 8, slow but honest: a 256 MiB echo whose reply consumer stops twice for 2.5 s
     * arrives whole (CRC32 equal) against the service with default settings (60 s stall timeout).
     */
    @Test
    void aSlowButHonestConsumerGetsTwoHundredFiftySixMiBWhole() throws Exception {
        long size = 256L << 20;
        try (ForkedService service = ForkedService.start(Map.of());
                ScampClient client = ScampClient.create()) {
            CRC32 sent = new CRC32();
            Flux<ByteBuffer> body = TestBodies.pattern(size, 64 * 1024).doOnNext(buffer -> sent.update(buffer.duplicate()));
            PausingConsumer consumer = new PausingConsumer(List.of(64L << 20, 160L << 20), Duration.ofMillis(2500));
            long start = System.nanoTime();
            Reply reply = client.request(service.endpoint(), Request.of("Test.echo", body)).block(Duration.ofSeconds(30));
            reply.body().subscribe(consumer);
            Throwable failure = consumer.ended.get(120, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("256 MiB with two pauses in " + took.toMillis() + " ms");
            assertThat(failure).as("the body's end").isNull();
            assertThat(consumer.received.get()).isEqualTo(size);
            assertThat(consumer.pauses.get()).as("pauses made").isEqualTo(2);
            assertThat(consumer.crc.getValue()).as("CRC32 of what came back").isEqualTo(sent.getValue());
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(service.isAlive()).as("service process: %s", service.state()).isTrue();
        }
    }

    // ---------------------------------------------------------------- shared

    /**
     * A peer that writes {@code flood} without reading anything: its writes must block (having
     * pushed far less than the service's heap), the service must fail the connection by its
     * stall timeout, and the legitimate client is answered throughout.
     */
    private static void floodWithoutReading(String what, Supplier<byte[]> flood) throws Exception {
        try (ForkedService service = ForkedService.start(Map.of("scamp.test.stallSeconds", STALL));
                LegitClient legit = new LegitClient(service.endpoint());
                Peer peer = HostilePeers.connect(service.endpoint())) {
            AtomicLong pushed = new AtomicLong();
            CompletableFuture<FloodEnd> ended = HostilePeers.flood(peer, new byte[0], flood, pushed, FLOOD_CAP);
            int before = legit.answered();
            JsonNode memory = legit.peakStatsUntil(ended, ATTACK_ENDS); // the most the service held while the flood ran
            int answered = legit.answered() - before;
            FloodEnd end = ended.get(ATTACK_ENDS.toSeconds(), TimeUnit.SECONDS);

            System.out.println(what + " flood pushed " + pushed.get() + " bytes; peak service memory during it " + memory
                    + "; legit calls " + answered + "; blocked for " + end.blockedFor().toMillis() + " ms before " + end.failure());
            assertThat(end.failure()).as("the service closed the flooding connection").isNotNull();
            assertThat(end.blockedFor()).as("the flood stood blocked for about the stall timeout before the close")
                    .isGreaterThanOrEqualTo(STALL_TIMEOUT.minusMillis(1500));
            assertThat(pushed.get()).as("bytes the flood got into the service before TCP stopped it").isLessThan(PUSHED_BOUND);
            assertMemoryBounded(memory);
            assertThat(answered).as("legitimate calls answered during the flood").isPositive();
            legit.echo("after");
            assertThat(service.isAlive()).as("service process: %s", service.state()).isTrue();
        }
    }

    /** Case 4: {@code replies} requests for a 1 GiB {@code Test.source} reply, none of it read or ACKed. */
    private static void stopReadingMidReply(int replies) throws Exception {
        try (ForkedService service = ForkedService.start(Map.of("scamp.test.stallSeconds", STALL));
                LegitClient legit = new LegitClient(service.endpoint());
                Peer peer = HostilePeers.connect(service.endpoint())) {
            ByteArrayOutputStream requests = new ByteArrayOutputStream();
            for (int i = 0; i < replies; i++) {
                requests.writeBytes(HostilePeers.request(i, "Test.source", i + 1, ascii("{\"bytes\":" + (1L << 30) + "}")));
            }
            peer.out().write(requests.toByteArray());
            peer.out().flush();
            CompletableFuture<Duration> closed = HostilePeers.onThread("hostile-probe", () -> waitForClose(peer, ATTACK_ENDS));
            for (int i = 0; i < 10; i++) {
                legit.echo("while replies wait " + i);
            }
            JsonNode memory = legit.stats();
            int answered = legit.echoUntil(closed, ATTACK_ENDS);
            Duration after = closed.get(ATTACK_ENDS.toSeconds(), TimeUnit.SECONDS);
            System.out.println(replies + " unread replies: service memory " + memory + "; connection closed after " + after.toMillis()
                    + " ms; legit calls " + answered);
            assertThat(after).as("closed by the stall timeout, not at once").isGreaterThanOrEqualTo(STALL_TIMEOUT.minusMillis(500));
            assertMemoryBounded(memory);
            legit.echo("after");
            assertThat(service.isAlive()).as("service process: %s", service.state()).isTrue();
        }
    }

    /**
     * Waits for the service to close {@code peer}'s connection without reading what it sent:
     * the probe keeps writing PINGs, and a service that has stopped reading from it (or whose
     * PONGs it never reads) leaves one of those writes blocked until its reset makes the write
     * fail, which is the signal. Reading would let the replies flow, so it is not done. The
     * caller's wait on the result bounds it ({@code within}); closing the peer unblocks it.
     */
    private static Duration waitForClose(Peer peer, Duration within) throws IOException {
        long start = System.nanoTime();
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < 1024; i++) {
            batch.writeBytes(HostilePeers.packet("PING", i, new byte[0]));
        }
        byte[] pings = batch.toByteArray();
        while (System.nanoTime() - start < within.toNanos()) {
            try {
                peer.out().write(pings);
                peer.out().flush();
            } catch (IOException reset) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
        throw new AssertionError("the connection was still open after " + within.toMillis() + " ms");
    }

    private static void assertMemoryBounded(JsonNode memory) {
        assertThat(memory.path("heapUsed").asLong()).as("live heap of the service during the attack: %s", memory)
                .isPositive().isLessThan(LIVE_HEAP_BOUND);
        assertThat(memory.path("nettyDirect").asLong()).as("direct memory Netty holds in the service during the attack: %s", memory)
                .isLessThan(DIRECT_BOUND);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Takes one buffer at a time, CRC32s it, and stops for {@code pause} once at each of {@code at}. */
    private static final class PausingConsumer extends BaseSubscriber<ByteBuffer> {
        final CRC32 crc = new CRC32();
        final AtomicLong received = new AtomicLong();
        final AtomicInteger pauses = new AtomicInteger();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        private final List<Long> at;
        private final Duration pause;

        PausingConsumer(List<Long> at, Duration pause) {
            this.at = at;
            this.pause = pause;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(ByteBuffer buffer) {
            long before = received.get();
            long now = received.addAndGet(buffer.remaining());
            crc.update(buffer);
            if (pauses.get() < at.size() && before < at.get(pauses.get()) && now >= at.get(pauses.get())) {
                pauses.incrementAndGet();
                Schedulers.parallel().schedule(() -> request(1), pause.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                request(1);
            }
        }

        @Override
        protected void hookOnComplete() {
            ended.complete(null);
        }

        @Override
        protected void hookOnError(Throwable failure) {
            ended.complete(failure);
        }
    }
}
