package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.WriteBufferWaterMark;
import io.scamp.message.ConnectionStalledException;
import io.scamp.message.Reply;
import io.scamp.testing.HeldFlushes;
import io.scamp.testing.ScriptedPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * What a connection does while the peer reads none of its output: the side that answers
 * requests stops reading; the requester reads on (two honest peers would otherwise wait for each
 * other) and bounds the answers a peer can make it queue.
 */
class OutputBackpressureTest {
    private final HeldFlushes flushes = new HeldFlushes();
    private ScriptedPeer peer;

    @AfterEach
    void close() {
        flushes.release();
        peer.close();
    }

    private ScriptedPeer start(ConnectionSettings settings, RequestDispatcher dispatcher) {
        peer = new ScriptedPeer(settings.withIdleTimeout(Duration.ZERO), dispatcher, flushes);
        peer.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(1024, 2048));
        return peer;
    }

    private static byte[] pings(int from, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            b.append("PING ").append(i).append(" 0\r\nEND\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aServiceStopsReadingWhileTheRequesterReadsNoneOfItsOutput() {
        start(ConnectionSettings.serverDefaults(), req -> Mono.just(Reply.bytes(new byte[0])));
        peer.send(pings(0, 200));

        assertThat(peer.channel().isWritable()).isFalse();
        assertThat(peer.channel().config().isAutoRead()).isFalse();
        flushes.release();
        assertThat(peer.channel().config().isAutoRead()).as("reads again once its output drained").isTrue();
    }

    @Test
    void aRequesterReadsOnWhileItsOutputIsBlockedAndFailsAPeerThatMakesItQueueTooManyAnswers() {
        start(ConnectionSettings.clientDefaults(), RequestDispatcher.NONE);
        peer.send(pings(0, 200));
        assertThat(peer.channel().isWritable()).isFalse();
        assertThat(peer.channel().config().isAutoRead()).as("a requester keeps reading").isTrue();
        assertThat(peer.channel().isOpen()).isTrue();

        peer.send(pings(200, ReadGate.ANSWERS_LIMIT / 20 + 100));

        assertThat(peer.channel().isOpen()).isFalse();
        assertThat(peer.connection().closeCause()).isInstanceOf(ConnectionStalledException.class)
                .hasMessageContaining("PONGs and ACKs while reading none of our output");
    }

    @Test
    void answersQueuedWhileTheOutputMovedDoNotCount() {
        start(ConnectionSettings.clientDefaults(), RequestDispatcher.NONE);
        flushes.release();
        peer.send(pings(0, ReadGate.ANSWERS_LIMIT / 20 + 100));

        assertThat(peer.channel().isOpen()).isTrue();
        assertThat(peer.received()).hasSize(ReadGate.ANSWERS_LIMIT / 20 + 100).allMatch(p -> p.startsWith("PONG "));
    }
}
