package io.scamp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * One decoded packet: type, message number and body.
 *
 * <p>Ownership: whoever receives a {@code Packet} owns its body and must {@link #release()}
 * it exactly once (the decoder hands out a retained slice of its cumulation buffer). The
 * packet's reference count is its body's ({@link DefaultByteBufHolder}): no counter of its
 * own to allocate per packet.
 */
public final class Packet extends DefaultByteBufHolder {
    private final PacketType type;
    private final long msgNo;
    /** The array behind {@link #body} when the packet owns it outright, else null. */
    private final byte[] ownedArray;

    /**
     * Takes ownership of {@code body}.
     *
     * @param type the packet type
     * @param msgNo the message number
     * @param body the body; released with this packet
     */
    public Packet(PacketType type, long msgNo, ByteBuf body) {
        this(type, msgNo, body, null);
    }

    private Packet(PacketType type, long msgNo, ByteBuf body, byte[] ownedArray) {
        super(body);
        this.type = type;
        this.msgNo = msgNo;
        this.ownedArray = ownedArray;
    }

    /**
     * A packet whose body is {@code bytes}, which nobody else holds (the decoder's DATA bodies).
     * It holds no buffer (its content is the empty buffer): {@link #body()} wraps the array
     * when asked, and the receiver's path takes {@link #ownedArray()} without either.
     */
    static Packet ofArray(PacketType type, long msgNo, byte[] bytes) {
        return new Packet(type, msgNo, Unpooled.EMPTY_BUFFER, bytes);
    }

    /**
     * The body as an array the receiver may keep without copying, or {@code null} when the
     * body lives in a shared buffer (then copy it from {@link #body()}). The packet must
     * still be released as usual.
     *
     * @return the array, or {@code null}
     */
    public byte[] ownedArray() {
        return ownedArray;
    }

    /**
     * The packet type.
     *
     * @return the type
     */
    public PacketType type() {
        return type;
    }

    /**
     * The message number the packet belongs to (for PING and PONG, the ping's number).
     *
     * @return the message number
     */
    public long msgNo() {
        return msgNo;
    }

    /**
     * The body; valid until this packet is released.
     *
     * @return the body, borrowed: do not release it, release the packet
     */
    public ByteBuf body() {
        return ownedArray != null ? Unpooled.wrappedBuffer(ownedArray) : content();
    }

    /**
     * The body's length in bytes.
     *
     * @return the length
     */
    public int length() {
        return ownedArray != null ? ownedArray.length : content().readableBytes();
    }

    /**
     * The cumulative byte count an ACK packet carries (SCAMP.md §4). {@link PacketDecoder} has
     * already checked the body, so this only fails for a hand-built packet.
     *
     * @return the count, at least 1
     * @throws IllegalStateException if this is not an ACK or its body is not a positive decimal
     */
    public long ackValue() {
        long v = type == PacketType.ACK ? Ascii.parseUnsigned(content(), content().readerIndex(), content().readableBytes()) : -1;
        if (v < 1) {
            throw new IllegalStateException("not a valid ACK packet: " + this);
        }
        return v;
    }

    @Override
    public String toString() {
        return type + " " + msgNo + " " + (refCnt() > 0 ? String.valueOf(length()) : "(released)");
    }
}
