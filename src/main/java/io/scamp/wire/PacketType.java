package io.scamp.wire;

import java.nio.charset.StandardCharsets;

/**
 * The seven packet types of the beepish framing (SCAMP.md §2). HEADER, DATA, EOF and TXERR
 * make up messages (§3); ACK carries flow control (§4); PING and PONG are the heartbeat (§6).
 */
public enum PacketType {
    HEADER, DATA, EOF, TXERR, ACK, PING, PONG;

    private final byte[] wireName = name().getBytes(StandardCharsets.US_ASCII);

    /** The ASCII bytes of the type as written on the wire; do not modify. */
    byte[] wireName() {
        return wireName;
    }
}
