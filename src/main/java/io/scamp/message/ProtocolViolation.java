package io.scamp.message;

/**
 * The ways a peer can break the SCAMP wire protocol (SCAMP.md §2–§4). Each one is fatal for
 * the connection it happened on, and only for that connection.
 */
public enum ProtocolViolation {
    /** The packet header line is not {@code TYPE SP MSGNO SP LENGTH CRLF}. */
    BAD_HEADER_LINE,
    /** A header line ended in LF without CR. */
    BARE_LF,
    /** No line end within the first 40 bytes of a header line. */
    HEADER_LINE_TOO_LONG,
    /** A LENGTH above 131072. */
    BODY_TOO_LONG,
    /** The five bytes after a body were not {@code END\r\n}. */
    BAD_TRAILER,
    /** A TYPE that is not one of HEADER, DATA, EOF, TXERR, ACK, PING, PONG. */
    UNKNOWN_TYPE,
    /** A HEADER body that is not a JSON object. */
    MALFORMED_HEADER_JSON,
    /** A HEADER whose message number is not the next one expected. */
    OUT_OF_SEQUENCE,
    /** DATA, EOF or TXERR for a message that is not open. */
    MESSAGE_NOT_OPEN,
    /** An EOF with a non-empty body. */
    NON_EMPTY_EOF,
    /** A TXERR whose body is empty or {@code 0}. */
    BAD_TXERR,
    /** An ACK whose body is not a positive decimal integer. */
    BAD_ACK,
    /** An ACK that does not advance past the previous ACK of its message. */
    ACK_NOT_ADVANCING,
    /** An ACK for more bytes than were sent, or for a message never sent. */
    ACK_EXCEEDS_SENT,
    /**
     * A {@code subscribe_done} whose body is not {@code true} or {@code false}, or an
     * {@code event} whose body is not an array of {@code {"code":string,"key":string,"value":..}}
     * (SCAMP.md §10), on a connection that subscribed.
     */
    MALFORMED_EVENT,
    /** More event data open at once on a subscribed connection than the subscriber holds (docs/subscriptions.md). */
    EVENT_BACKLOG
}
