package io.scamp.wire;

import java.nio.charset.StandardCharsets;

/**
 * The seven packet types of the beepish framing (SCAMP.md §2). HEADER, DATA, EOF and TXERR
 * make up messages (§3); ACK carries flow control (§4); PING and PONG are the heartbeat (§6).
 */
public enum PacketType {
    /** Opens a message; its body is the JSON header (§5). */
    HEADER,
    /** A piece of a message's body, at most {@link PacketEncoder#MAX_BODY} bytes. */
    DATA,
    /** Ends a message successfully; empty body. */
    EOF,
    /** Aborts a message; its body is the error text, never empty. */
    TXERR,
    /** Flow control: its body is the total of a message's bytes consumed so far (§4). */
    ACK,
    /** Heartbeat request; the peer answers with a PONG of the same number. */
    PING,
    /** Heartbeat answer to the PING of the same number. */
    PONG;

    private final byte[] wireName = name().getBytes(StandardCharsets.US_ASCII);

    /** The ASCII bytes of the type as written on the wire; do not modify. */
    byte[] wireName() {
        return wireName;
    }
}
