package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.TcpProxy;
import io.scamp.testing.TestBodies;
import io.scamp.testing.TestService;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The adaptive window against a consumer that reads 1 MiB/s (issue 11's targets), end to end
 * with default settings: slow from the start, the sender never has more than the floor window
 * and one packet unacknowledged; turning slow mid-transfer, the window stops growing and is back
 * at the floor within a few seconds. Slow from the start on the far side of a 10 ms path (a
 * delaying proxy), the window never grows either: the first packet's round trip holds the path.
 */
class SlowConsumerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int FLOOR = 64 * 1024;
    private static final int FLOOR_PACKET = FLOOR / 2;
    private static final int CHUNK = 16 * 1024;
    private static final long SLOW_RATE = 1024 * 1024;

    private TestService service;
    private ScampClient client;
    /** The delayed path between client and service, when a test asks for one. */
    private TcpProxy path;
    private final WindowLog windows = new WindowLog();

    @AfterEach
    void close() throws java.io.IOException {
        windows.close();
        if (path != null) {
            path.close();
        }
        if (client != null) {
            client.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /**
     * Reads a body one item at a time: at once for the first {@code fastBytes}, then at
     * {@link #SLOW_RATE}; after each slow item it notes how far the producer is ahead.
     */
    private static final class PacedReader extends BaseSubscriber<ByteBuffer> {
        final AtomicLong produced;
        final long fastBytes;
        final Sinks.One<Long> done = Sinks.one();
        long consumed;
        /** How far the producer was ahead of this reader after each slow item, with the time. */
        final List<long[]> ahead = new CopyOnWriteArrayList<>();
        volatile long slowSince;

        PacedReader(AtomicLong produced, long fastBytes) {
            this.produced = produced;
            this.fastBytes = fastBytes;
        }

        @Override
        protected void hookOnSubscribe(Subscription s) {
            if (fastBytes == 0) {
                slowSince = System.nanoTime();
            }
            request(1);
        }

        @Override
        protected void hookOnNext(ByteBuffer item) {
            int n = item.remaining();
            consumed += n;
            if (consumed <= fastBytes) {
                request(1);
                return;
            }
            if (slowSince == 0) {
                slowSince = System.nanoTime();
            }
            ahead.add(new long[] {System.nanoTime(), produced.get() - consumed});
            Schedulers.parallel().schedule(() -> request(1), n * 1_000_000L / SLOW_RATE, TimeUnit.MICROSECONDS);
        }

        @Override
        protected void hookOnComplete() {
            done.tryEmitValue(consumed);
        }

        @Override
        protected void hookOnError(Throwable t) {
            done.tryEmitError(t);
        }
    }

    /** The adaptive window's decisions, from its TRACE log ({@code window A -> B, ...}). */
    private static final class WindowLog extends Handler {
        private static final Pattern CHANGE = Pattern.compile("window (\\d+) -> (\\d+)");
        private final Logger logger = Logger.getLogger(AdaptiveWindow.class.getName());
        private final Level before = logger.getLevel();
        /** {nanoTime, from, to} per decision. */
        final List<long[]> changes = new CopyOnWriteArrayList<>();

        WindowLog() {
            setLevel(Level.ALL);
            logger.setLevel(Level.FINEST); // SLF4J's TRACE, through slf4j-jdk14
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            Matcher m = CHANGE.matcher(String.valueOf(record.getMessage()));
            if (m.find()) {
                changes.add(new long[] {System.nanoTime(), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(before);
        }
    }

    /** Uploads {@code total} bytes to a handler that reads them with {@code reader}; returns the bytes it read. */
    private long upload(long total, AtomicLong produced, PacedReader reader) throws java.io.IOException {
        return upload(total, produced, reader, Duration.ZERO);
    }

    /** As {@link #upload(long, AtomicLong, PacedReader)}, through a path of {@code oneWayDelay} each way when it is not zero. */
    private long upload(long total, AtomicLong produced, PacedReader reader, Duration oneWayDelay) throws java.io.IOException {
        service = TestService.start(b -> b.action("Test.paced", 1, req -> {
            req.body().subscribe(reader);
            return reader.done.asMono().map(n -> Reply.json(Map.of("bytes", n)));
        }));
        client = ScampClient.create();
        Endpoint target = service.endpoint();
        if (!oneWayDelay.isZero()) {
            path = new TcpProxy(target.port(), oneWayDelay);
            target = Endpoint.of("beepish+tls://127.0.0.1:" + path.port(), target.fingerprint());
        }
        Mono<Map> reply = client.request(target, Request.of("Test.paced", TestBodies.pattern(total, CHUNK, produced)))
                .flatMap(r -> r.bodyAsJson(Map.class));
        return ((Number) reply.block(WAIT).get("bytes")).longValue();
    }

    @Test
    void aConsumerSlowFromTheStartNeverHasMoreThanTheFloorAndOnePacketOutstanding() throws Exception {
        AtomicLong produced = new AtomicLong();
        PacedReader reader = new PacedReader(produced, 0);
        long total = 3 * SLOW_RATE;

        assertThat(upload(total, produced, reader)).isEqualTo(total);
        assertTheFloorHeld(reader);
    }

    @Test
    void aConsumerSlowFromTheStartOnTheFarSideOfATenMillisecondPathNeverMakesTheWindowGrow() throws Exception {
        AtomicLong produced = new AtomicLong();
        PacedReader reader = new PacedReader(produced, 0);
        long total = 3 * SLOW_RATE;

        assertThat(upload(total, produced, reader, Duration.ofMillis(5))).isEqualTo(total);
        assertTheFloorHeld(reader);
    }

    private void assertTheFloorHeld(PacedReader reader) {
        // Produced but not consumed: what is unacknowledged, plus the one item the sender holds.
        long mostAhead = reader.ahead.stream().mapToLong(a -> a[1]).max().orElseThrow();
        assertThat(mostAhead).as("bytes the producer was ahead of a 1 MiB/s reader")
                .isLessThanOrEqualTo(FLOOR + FLOOR_PACKET + CHUNK);
        assertThat(windows.changes).as("window decisions").noneMatch(c -> c[2] > c[1]);
    }

    @Test
    void aConsumerThatTurnsSlowStopsTheGrowthAndBringsTheWindowBackToTheFloor() throws Exception {
        AtomicLong produced = new AtomicLong();
        long fast = 256L * 1024 * 1024;
        PacedReader reader = new PacedReader(produced, fast);
        long total = fast + 4 * SLOW_RATE;

        assertThat(upload(total, produced, reader)).isEqualTo(total);

        long switched = reader.slowSince;
        assumeThat(windows.changes.stream().anyMatch(c -> c[0] < switched && c[2] > c[1]))
                .as("the window grew while the reader kept up (not on a machine too busy to show it)").isTrue();
        String decisions = windows.changes.stream().map(c -> (c[0] - switched) / 1_000_000 + " ms: " + c[1] + " -> " + c[2])
                .collect(java.util.stream.Collectors.joining("; ", "decisions, from the switch: ", ""));
        long settle = TimeUnit.MILLISECONDS.toNanos(250);
        assertThat(windows.changes).as("no growth once the reader turned slow; %s", decisions)
                .noneMatch(c -> c[0] > switched + settle && c[2] > c[1]);
        long threeSecondsOn = switched + TimeUnit.SECONDS.toNanos(3);
        long windowThen = windows.changes.stream().filter(c -> c[0] < threeSecondsOn).reduce((x, y) -> y).orElseThrow()[2];
        assertThat(windowThen).as("the window 3 s after the reader turned slow; %s", decisions).isEqualTo(FLOOR);
        List<long[]> lastSecond = reader.ahead.subList(reader.ahead.size() - (int) (SLOW_RATE / CHUNK), reader.ahead.size());
        assertThat(lastSecond.stream().mapToLong(a -> a[1]).max().orElseThrow())
                .as("outstanding in the last second of the slow phase").isLessThanOrEqualTo(FLOOR + FLOOR_PACKET + CHUNK);
    }
}
