package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import io.scamp.testing.ScriptedPeer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** A write turn that throws fails its connection with a typed error instead of wedging it. */
class WriteTurnFailureTest {
    private static final String REPLY_HEADER = "{\"type\":\"reply\",\"request_id\":1}";

    /** Refuses the writer's batch buffers (8 KiB and up) once armed, as a heap that is full would. */
    private static final class FailingAllocator extends AbstractByteBufAllocator {
        volatile boolean armed;

        FailingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            refuseIfArmed(initialCapacity);
            return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            refuseIfArmed(initialCapacity);
            return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        private void refuseIfArmed(int initialCapacity) {
            if (armed && initialCapacity >= 8192) {
                throw new OutOfMemoryError("test: no room for a write batch");
            }
        }
    }

    private final ScriptedPeer peer = new ScriptedPeer();

    @AfterEach
    void close() {
        peer.close();
    }

    @Test
    void anAllocationThatFailsInAWriteTurnFailsTheConnectionWithTheCause() {
        FailingAllocator allocator = new FailingAllocator();
        peer.channel().config().setAllocator(allocator);
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.download", Flux.empty())).subscribe(reply::set);
        peer.received();
        peer.packet("HEADER", 0, REPLY_HEADER);
        AtomicReference<Throwable> bodyError = new AtomicReference<>();
        reply.get().body().subscribe(b -> { }, bodyError::set);

        allocator.armed = true;
        peer.packet("DATA", 0, "consumed, so an ACK is written in the next turn");

        assertThat(peer.channel().isOpen()).isFalse();
        assertThat(peer.connection().closeCause()).isInstanceOf(TransportException.class)
                .hasMessageContaining("failed while writing").hasRootCauseInstanceOf(OutOfMemoryError.class);
        assertThat(bodyError.get()).isInstanceOf(TransportException.class);
        allocator.armed = false;
    }
}
