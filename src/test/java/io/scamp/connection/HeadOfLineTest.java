package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.Request;
import io.scamp.testing.HeldFlushes;
import io.scamp.testing.ScriptedPeer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The fair writer's head-of-line bound: however wide a bulk message's window, it queues at most
 * {@link FairWriter#CHANNEL_QUEUE_LIMIT} (plus the packet that crosses it) in the channel, so a
 * small call that comes later finds little in front of it; and the small call's packets go
 * out together, not each behind more of the bulk (small messages have a bound of their own,
 * {@link FairWriter#SMALL_QUEUE_LIMIT}).
 */
class HeadOfLineTest {
    private final HeldFlushes flushes = new HeldFlushes();
    private final ScriptedPeer peer = new ScriptedPeer(ConnectionSettings.clientDefaults().withMaxInflight(16 * 1024 * 1024)
            .withIdleTimeout(Duration.ZERO).withWindowLimits(WindowLimits.fixed()), RequestDispatcher.NONE, flushes);

    @AfterEach
    void close() {
        flushes.release();
        peer.close();
    }

    HeadOfLineTest() {
        peer.channel().config().setWriteBufferWaterMark(Pipelines.WATER_MARK);
    }

    @Test
    void aBulkMessageWithAWideWindowQueuesOnlyTheWritersBoundAheadOfALaterSmallCall() {
        peer.connection().request(Request.of("Svc.upload", Flux.just(ByteBuffer.allocate(8 * 1024 * 1024)))).subscribe();
        peer.run();

        long queued = peer.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
        assertThat(queued).as("bytes waiting in the channel with a 16 MiB window open")
                .isGreaterThanOrEqualTo(FairWriter.CHANNEL_QUEUE_LIMIT)
                .isLessThan(FairWriter.CHANNEL_QUEUE_LIMIT + 128 * 1024 + 1024);
        assertThat(peer.channel().isWritable()).as("the writer's bound, not the water mark, stopped it").isTrue();

        peer.connection().request(Request.of("Svc.small", Flux.just(ByteBuffer.wrap(new byte[] {'x'})))).subscribe();
        flushes.release();
        List<String> out = peer.received();

        int smallEof = out.indexOf("EOF 1 ");
        long bulkBytesBefore = out.subList(0, smallEof).stream().filter(p -> p.startsWith("DATA 0 "))
                .mapToLong(p -> p.length() - "DATA 0 ".length()).sum();
        assertThat(bulkBytesBefore).isLessThanOrEqualTo(FairWriter.CHANNEL_QUEUE_LIMIT + 2 * 128 * 1024);
        assertThat(out.stream().filter(p -> p.startsWith("DATA 0 ")).mapToLong(p -> p.length() - "DATA 0 ".length()).sum())
                .as("once the socket takes what was queued, the writer refills the channel to the end of the body")
                .isEqualTo(8 * 1024 * 1024);
    }

    @Test
    void aSmallCallsPacketsLeaveTogetherEvenWhileTheChannelHoldsTheBulksBound() {
        peer.connection().request(Request.of("Svc.upload", Flux.just(ByteBuffer.allocate(8 * 1024 * 1024)))).subscribe();
        peer.run();
        long bulkQueued = peer.channel().unsafe().outboundBuffer().totalPendingWriteBytes();

        peer.connection().request(Request.of("Svc.small", Flux.just(ByteBuffer.wrap(new byte[] {'x'})))).subscribe();
        peer.run();
        assertThat(peer.channel().unsafe().outboundBuffer().totalPendingWriteBytes() - bulkQueued)
                .as("the small call is in the channel, behind the bulk's bound, under the small messages' own")
                .isPositive().isLessThan(FairWriter.SMALL_QUEUE_LIMIT - FairWriter.CHANNEL_QUEUE_LIMIT);
        flushes.release();
        List<String> out = peer.received();

        int header = indexOfPrefix(out, "HEADER 1 ");
        int eof = out.indexOf("EOF 1 ");
        assertThat(out.subList(header, eof + 1)).as("HEADER, DATA and EOF of the small call, with no bulk DATA between them")
                .hasSize(3).element(1).isEqualTo("DATA 1 x");
    }

    @Test
    void manyMessagesStartingAtOnceQueueNoMoreThanTheSmallMessagesBound() {
        for (int i = 0; i < 20; i++) {
            peer.connection().request(Request.of("Svc.upload", Flux.just(ByteBuffer.allocate(60 * 1024)))).subscribe();
        }
        peer.run();

        long queued = peer.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
        assertThat(queued).as("20 messages of 60 KiB, each small for all of its body")
                .isGreaterThanOrEqualTo(FairWriter.CHANNEL_QUEUE_LIMIT)
                .isLessThan(FairWriter.SMALL_QUEUE_LIMIT + 60 * 1024 + 4096);
        flushes.release();
        assertThat(peer.received().stream().filter(p -> p.startsWith("EOF ")).count()).as("all of them end").isEqualTo(20);
    }

    private static int indexOfPrefix(List<String> packets, String prefix) {
        for (int i = 0; i < packets.size(); i++) {
            if (packets.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no " + prefix + " in " + packets.size() + " packets");
    }
}
