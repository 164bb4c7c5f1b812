package io.scamp.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A SCAMP reply: header fields plus a streamed body.
 *
 * <p>A handler returns one built with {@link #of(Publisher)}, {@link #json(Object)} or
 * {@link #error(String, String)}. A requester receives one as soon as the reply header
 * arrives; its {@link #body()} then streams, acknowledged as it is consumed. Error replies
 * never reach the requester as a {@code Reply}: they fail the request with
 * {@link RemoteActionException}.
 *
 * <p>A received reply's body should be consumed, or cancelled, or handed to
 * {@code bodyAsJson}/{@code bodyAsBytes}: until then the peer may wait for its ACKs and the
 * message stays open. A body nobody has subscribed to for a while (a reply dropped with
 * {@code .then()} or {@code map(Reply::header)}, the losing side of a {@code timeout} or
 * {@code zip}) is drained by its connection at an idle-timer tick, between a quarter and a half
 * of the idle timeout ({@code beepish.client_timeout}, 90 s) after it arrived, so nothing stays
 * pinned for good; a later subscriber gets {@code IllegalStateException}.
 */
public final class Reply {
    /**
     * The longest {@code error} text {@link #error(String, String, JsonNode)} keeps, in
     * characters (4096): a longer one is cut and ends with {@link #ERROR_TEXT_CUT}, so an
     * error reply's header stays far below the 128 KiB packet limit.
     */
    public static final int MAX_ERROR_TEXT = 4096;
    /** What a cut {@code error} text ends with. */
    public static final String ERROR_TEXT_CUT = "... (cut)";

    private final MessageHeader header;
    private final Flux<ByteBuffer> body;
    private Reply(MessageHeader header, Flux<ByteBuffer> body) {
        this.header = header;
        this.body = body;
    }

    /**
     * A successful reply streaming {@code body}.
     *
     * <p>Nothing is read or copied here: the connection subscribes to {@code body} when the
     * handler's reply is sent and asks it for one buffer at a time, whether the window has room
     * or not (so a body that ends as the window fills ends without waiting for an ACK). The
     * bytes between a buffer's position and limit are copied into DATA packets as the window
     * allows, from a {@code duplicate()}: the buffer's position, limit, mark and contents are never
     * changed. The connection holds a buffer until its last byte is copied, and only then asks for
     * the next one (packets of 16 KiB or more are not copied first but read by TLS from the buffer
     * itself, by the end of the write that sends them: the connection holds the buffer until
     * then). So do not change a buffer's contents after emitting it. A publisher that recycles
     * buffers may reuse one once it has been asked for another, or once it is cancelled (when the
     * connection closes; a requester that stops reading does not cancel it, its side drains the
     * rest); having signalled completion does not mean its last buffer has been sent.
     * Heap, direct and read-only buffers all work; empty ones are skipped. A publisher error ends
     * the reply body with TXERR, which fails the requester's body with
     * {@link TransportException}; so does a publisher that emits more buffers than it was asked
     * for (against Reactive Streams rule 1.1), which the service logs as a failed reply body.
     *
     * @param body the body
     * @return the reply (envelope json)
     */
    public static Reply of(Publisher<ByteBuffer> body) {
        return new Reply(MessageHeader.builder().type(MessageHeader.TYPE_REPLY).envelope("json").build(), Flux.from(body));
    }

    /**
     * A successful reply whose body is {@code value} encoded as JSON, now, with
     * {@link ScampJson#mapper()}.
     *
     * @param value the value to encode
     * @return the reply
     * @throws ScampException if {@code value} cannot be encoded as JSON
     */
    public static Reply json(Object value) {
        return of(Bodies.json(value));
    }

    /**
     * A successful reply with the given bytes, not copied: the array is read as the reply is
     * sent, so do not modify it afterwards.
     *
     * @param bytes the body
     * @return the reply
     */
    public static Reply bytes(byte[] bytes) {
        return of(Bodies.bytes(bytes));
    }

    /**
     * A successful reply with an empty body.
     *
     * @return the reply
     */
    public static Reply empty() {
        return of(Flux.empty());
    }

    /**
     * An error reply: {@code error_code} and {@code error}, empty body.
     *
     * @param errorCode the machine-readable code; null or empty becomes {@code "generic"}
     * @param error the human-readable text; null becomes empty
     * @return the reply, which the requester sees as a {@link RemoteActionException}
     */
    public static Reply error(String errorCode, String error) {
        return error(errorCode, error, null);
    }

    /**
     * An error reply with {@code error_data}.
     *
     * <p>A text longer than {@link #MAX_ERROR_TEXT} characters is cut to that length, ending
     * with {@link #ERROR_TEXT_CUT}. A reply whose header still cannot be encoded (over the
     * 128 KiB packet limit, say for a huge {@code errorData}) is not sent: the service logs it
     * and sends a {@code generic} error reply instead.
     *
     * @param errorCode the machine-readable code; null or empty becomes {@code "generic"}
     * @param error the human-readable text; null becomes empty, a long one is cut
     * @param errorData a JSON object for the requester, or {@code null} for none
     * @return the reply, which the requester sees as a {@link RemoteActionException}
     */
    public static Reply error(String errorCode, String error, JsonNode errorData) {
        MessageHeader h = MessageHeader.builder().type(MessageHeader.TYPE_REPLY).envelope("json")
                .errorCode(errorCode == null || errorCode.isEmpty() ? "generic" : errorCode)
                .error(error == null ? "" : capErrorText(error))
                .errorData(errorData)
                .build();
        return new Reply(h, Flux.empty());
    }

    /**
     * An error text as SCAMP messages carry it here: {@code text}, or its start and
     * {@link #ERROR_TEXT_CUT} when longer than {@link #MAX_ERROR_TEXT} characters (used for
     * error replies and TXERR texts alike).
     *
     * @param text the text
     * @return the text, at most {@link #MAX_ERROR_TEXT} characters
     */
    public static String capErrorText(String text) {
        if (text.length() <= MAX_ERROR_TEXT) {
            return text;
        }
        int keep = MAX_ERROR_TEXT - ERROR_TEXT_CUT.length();
        if (Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--; // do not split a pair
        }
        return text.substring(0, keep) + ERROR_TEXT_CUT;
    }

    /**
     * Wraps a received or hand-built header and body.
     *
     * @param header the header; the connection sets its {@code type} and {@code request_id} when sending
     * @param body the body, sent as described at {@link #of(Publisher)}
     * @return the reply
     */
    public static Reply of(MessageHeader header, Publisher<ByteBuffer> body) {
        return new Reply(header, Flux.from(body));
    }

    /**
     * The header fields, as built or as received.
     *
     * @return the header
     */
    public MessageHeader header() {
        return header;
    }

    /**
     * Whether the header reports an application error ({@link MessageHeader#isError()}).
     *
     * @return whether this is an error reply
     */
    public boolean isError() {
        return header.isError();
    }

    /**
     * The body, streamed; the buffers are the subscriber's to keep. Subscribe once: a received
     * body refuses any later subscriber at once with {@link IllegalStateException}, leaving the
     * first one unaffected. A received buffer is a
     * heap buffer that may share its array with the next one (a DATA packet that fills much of
     * the window is handed over in two parts), so read it through its position, limit and
     * {@code arrayOffset()}, never as the whole {@code array()}.
     *
     * @return the body
     */
    public Flux<ByteBuffer> body() {
        return body;
    }

    /**
     * The whole body in one array, failing with {@link BodyTooLargeException} past {@code maxBytes}.
     *
     * @param maxBytes the most bytes to gather
     * @return the bytes, once the body has ended
     */
    public Mono<byte[]> bodyAsBytes(long maxBytes) {
        return Bodies.aggregate(body, maxBytes);
    }

    /**
     * The whole body as UTF-8 text, capped at {@link Bodies#DEFAULT_MAX_AGGREGATE}.
     *
     * @return the text, once the body has ended
     */
    public Mono<String> bodyAsString() {
        return bodyAsBytes(Bodies.DEFAULT_MAX_AGGREGATE).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * The whole body decoded as JSON, capped at {@link Bodies#DEFAULT_MAX_AGGREGATE}.
     *
     * @param <T> the type to decode into
     * @param type the class to decode into
     * @return the decoded value; fails with {@link ScampException} if the body is not valid JSON
     *     for {@code type}
     */
    public <T> Mono<T> bodyAsJson(Class<T> type) {
        return Bodies.decodeJson(body, type, Bodies.DEFAULT_MAX_AGGREGATE);
    }

    /**
     * The whole body decoded as JSON, failing past {@code maxBytes}.
     *
     * @param <T> the type to decode into
     * @param type the class to decode into
     * @param maxBytes the most bytes to gather
     * @return the decoded value; fails with {@link ScampException} if the body is not valid JSON
     *     for {@code type}
     */
    public <T> Mono<T> bodyAsJson(Class<T> type, long maxBytes) {
        return Bodies.decodeJson(body, type, maxBytes);
    }

    /**
     * A copy with another header (the body is kept).
     *
     * @param newHeader the header
     * @return the copy
     */
    public Reply withHeader(MessageHeader newHeader) {
        return new Reply(newHeader, body);
    }

    @Override
    public String toString() {
        return "Reply{" + header + "}";
    }
}
