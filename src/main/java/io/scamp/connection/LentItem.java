package io.scamp.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.nio.ByteBuffer;

/**
 * A body item lent to the pipeline instead of copied (docs/design.md, "Sending"). A DATA packet
 * of {@link #MIN_LENT_BYTES} or more carries a retained slice of the item between its line and
 * its trailer, so TLS reads the bytes from the application's buffer: it copies them into its
 * own small pooled buffers (a heap item) or encrypts them in place (a direct one). Copying them
 * first into a fresh buffer of the packet's size cost about a tenth of a bulk transfer's
 * throughput (docs/PERFORMANCE.md).
 *
 * <p>The message holds one reference while it cuts the item into packets and gives it up after
 * the last ({@link #releaseOwner}); the pipeline releases each slice once TLS has read it, or
 * when the channel drops it. When the last reference goes, the message is told
 * ({@link OutgoingMessage#itemReturned}): only from then on may the publisher reuse the buffer,
 * so only then is it asked for the next item. Items whose bytes Netty cannot wrap (read-only
 * buffers) are not lent; their packets are copied as small ones are.
 */
final class LentItem {
    /** Packets at least this long (a TLS record's worth) carry a slice; shorter ones are copied into the turn's batch. */
    static final int MIN_LENT_BYTES = 16 * 1024;

    private final ByteBuf bytes;
    /** The index in {@link #bytes} of the item's byte 0. */
    private final int base;
    private boolean ownerReleased;

    private LentItem(ByteBuf bytes, int base) {
        this.bytes = bytes;
        this.base = base;
    }

    /** {@code item} lent on behalf of {@code message}, or {@code null} when it cannot be wrapped. */
    static LentItem lend(ByteBuffer item, OutgoingMessage message) {
        if (item.hasArray()) {
            return new LentItem(new HeapLoan(item.array(), message), item.arrayOffset());
        }
        if (item.isDirect() && !item.isReadOnly()) {
            return new LentItem(new DirectLoan(item.duplicate().clear(), message), 0);
        }
        return null;
    }

    /** A retained slice of the item's bytes {@code [offset, offset + length)} (absolute indexes of the item), for the pipeline to release. */
    ByteBuf slice(int offset, int length) {
        return bytes.retainedSlice(base + offset, length);
    }

    /** The message is done cutting the item (or dropped it): its own reference goes. Idempotent. */
    void releaseOwner() {
        if (!ownerReleased) {
            ownerReleased = true;
            bytes.release();
        }
    }

    private static final class HeapLoan extends UnpooledHeapByteBuf {
        private final OutgoingMessage message;

        HeapLoan(byte[] array, OutgoingMessage message) {
            super(UnpooledByteBufAllocator.DEFAULT, array, array.length);
            this.message = message;
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            message.itemReturned();
        }
    }

    private static final class DirectLoan extends UnpooledDirectByteBuf {
        private final OutgoingMessage message;

        DirectLoan(ByteBuffer buffer, OutgoingMessage message) {
            super(UnpooledByteBufAllocator.DEFAULT, buffer, buffer.capacity());
            this.message = message;
        }

        @Override
        protected void deallocate() {
            super.deallocate(); // frees nothing: the buffer is the application's
            message.itemReturned();
        }
    }
}
