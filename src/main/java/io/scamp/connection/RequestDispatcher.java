package io.scamp.connection;

import io.scamp.message.Reply;
import io.scamp.message.Request;
import org.reactivestreams.Publisher;

/**
 * What a connection does with an incoming request: the service side's action registry.
 * Called on the connection's event loop; must not block.
 */
@FunctionalInterface
public interface RequestDispatcher {
    /**
     * Returns the reply (one element); errors become error replies.
     *
     * @param request the request, its body still streaming in
     * @return the reply: only its first element is used, an error becomes an error reply, and
     *     an empty publisher (or {@code null}, or anything thrown here, an {@link Error} too
     *     unless {@link FatalErrors#isFatal}) a {@code generic} one
     */
    Publisher<Reply> dispatch(Request request);

    /**
     * Whether a request may start a handler, on a connection that already has
     * {@code openOnConnection} requests open (handlers running or replies being sent). Called
     * on the connection's event loop before {@link #dispatch}; every admitted request is later
     * followed by exactly one {@link #handlerFinished()}. The default admits everything.
     *
     * @param openOnConnection the requests open on that connection now
     * @return {@code null} to admit it, or the reply that refuses it (for a limit:
     *     {@link #busy(String)}, which requesters may retry elsewhere)
     */
    default Reply admit(int openOnConnection) {
        return null;
    }

    /**
     * A message that is neither a request nor a reply arrived (SCAMP.md §10: {@code subscribe},
     * {@code subscribe_done}, {@code event}, {@code notify}, or a type nobody knows). Called on
     * the connection's event loop, in the order the messages' HEADERs arrived; must not block.
     * The default takes none: the connection then drains the message and ignores it.
     *
     * @param connection the connection it came on
     * @param header its header
     * @param body its body, still streaming in; whoever takes the message must consume it or
     *     cancel it (which drains it)
     * @return whether the message was taken
     */
    default boolean onOtherMessage(ScampConnection connection, io.scamp.message.MessageHeader header,
            reactor.core.publisher.Flux<java.nio.ByteBuffer> body) {
        return false;
    }

    /** An admitted request's handler produced its reply or was cancelled. */
    default void handlerFinished() {
    }

    /**
     * A connection this dispatcher serves is up (its TLS handshake done), so limits shared
     * among connections count one more. Followed by exactly one {@link #connectionClosed()}.
     */
    default void connectionOpened() {
    }

    /** A connection {@link #connectionOpened() counted} has ended. */
    default void connectionClosed() {
    }

    /**
     * Whether this is a service's side of its connections, which answers the peer's requests:
     * only that side stops reading while the peer reads none of its output ({@code ReadGate});
     * a requester's side reads on. The default is true; {@link #NONE} says false.
     *
     * @return whether the connection answers requests
     */
    default boolean answersRequests() {
        return true;
    }

    /**
     * The refusal of a request over a concurrency limit: {@code error_code "busy"} with
     * {@code error_data {"dispatch_failure": true}}, so a requester knows no handler ran and may
     * retry elsewhere.
     *
     * @param why which limit, with the figures
     * @return the reply
     */
    static Reply busy(String why) {
        return RemoteErrors.busy(why);
    }

    /**
     * The reply for a request whose handler failed with {@code failure}, which is anything but
     * a {@link io.scamp.message.RemoteActionException} (those are sent as they are): thrown by
     * {@link #dispatch} (an {@link Error} too, unless {@link FatalErrors#isFatal}), signalled by its publisher, or a {@code NullPointerException} for a
     * {@code null} publisher. The connection has logged the failure with its stack trace. Called
     * at most once per request, on the thread that signalled the failure. A {@code null} result
     * or a thrown exception means {@link #internalError()}. The default is
     * {@link #internalError()}.
     *
     * @param failure what the handler threw or signalled (never a {@code RemoteActionException})
     * @return the error reply to send
     */
    default Reply errorReply(Throwable failure) {
        return internalError();
    }

    /**
     * The neutral reply for an unexpected handler failure: {@code error_code "generic"} and the
     * text {@code "internal error in the action handler"}, nothing of the failure itself.
     *
     * @return the reply
     */
    static Reply internalError() {
        return RemoteErrors.internalError();
    }

    /** A dispatcher for connections that only send requests: every request gets {@code not_found}. */
    RequestDispatcher NONE = new RequestDispatcher() {
        @Override
        public Publisher<Reply> dispatch(Request request) {
            return reactor.core.publisher.Mono.just(Reply.error("not_found", "this peer serves no actions"));
        }

        @Override
        public boolean answersRequests() {
            return false;
        }
    };
}
