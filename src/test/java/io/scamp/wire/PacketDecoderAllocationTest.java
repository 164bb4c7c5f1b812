package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scamp.connection.ConnectionSettings;
import io.scamp.connection.RequestDispatcher;
import io.scamp.connection.ScampConnection;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * A DATA body whose array cannot be allocated leaves the decoder where it was, before the
 * packet's line: it resumes with that packet once the allocation works, and a connection
 * behind it fails cleanly: closed, with the error as its close cause and what was open failed
 * with a {@link TransportException} caused by it.
 */
class PacketDecoderAllocationTest {
    private final AtomicInteger allocations = new AtomicInteger();
    /** Fails the first body allocation, as a heap too full for it would, then works. */
    private final IntFunction<byte[]> failingOnce = n -> {
        if (allocations.getAndIncrement() == 0) {
            throw new OutOfMemoryError("test: no room for a body of " + n + " bytes");
        }
        return new byte[n];
    };
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private static io.netty.buffer.ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void theDecoderResumesWithThePacketWhoseBodyCouldNotBeAllocated() {
        channel = new EmbeddedChannel(new PacketDecoder(failingOnce));

        assertThatThrownBy(() -> channel.writeInbound(ascii("DATA 3 5\r\nhel"))).isInstanceOf(OutOfMemoryError.class);
        channel.writeInbound(ascii("loEND\r\nEOF 3 0\r\nEND\r\n"));

        Packet data = channel.readInbound();
        Packet eof = channel.readInbound();
        try {
            assertThat(data.type()).isEqualTo(PacketType.DATA);
            assertThat(data.msgNo()).isEqualTo(3);
            assertThat(new String(data.ownedArray(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(eof.type()).isEqualTo(PacketType.EOF);
        } finally {
            data.release();
            eof.release();
        }
        assertThat(allocations).hasValue(2);
    }

    @Test
    void aConnectionBehindItFailsCleanlyWithTheErrorAsCause() {
        ScampConnection connection = new ScampConnection(ConnectionSettings.clientDefaults().withIdleTimeout(Duration.ZERO),
                RequestDispatcher.NONE, false);
        channel = new EmbeddedChannel(new PacketDecoder(failingOnce), connection);
        AtomicReference<Throwable> pending = new AtomicReference<>();
        connection.request(Request.of("Svc.get", Flux.empty())).subscribe(r -> { }, e -> { });
        connection.request(Request.of("Svc.other", Flux.empty())).subscribe(r -> { }, pending::set);
        channel.runPendingTasks();
        releaseOutbound();

        try {
            channel.writeInbound(ascii("HEADER 0 31\r\n{\"type\":\"reply\",\"request_id\":1}END\r\nDATA 0 5\r\nhelloEND\r\n"));
        } catch (OutOfMemoryError expected) {
            // EmbeddedChannel rethrows what reached the end of the pipeline, after the connection handled it
        }
        channel.runPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(connection.closeCause()).isInstanceOf(OutOfMemoryError.class);
        assertThat(pending.get()).isInstanceOf(TransportException.class).hasCauseInstanceOf(OutOfMemoryError.class);
    }

    private void releaseOutbound() {
        Object written;
        while ((written = channel.readOutbound()) != null) {
            io.netty.util.ReferenceCountUtil.release(written);
        }
    }
}
