package io.scamp.service;

import io.scamp.message.Reply;
import io.scamp.message.Request;
import org.reactivestreams.Publisher;

/**
 * Handles one action. Receives the request (header fields plus streamed body) and returns a
 * publisher of exactly one {@link Reply} (a {@code Mono} is the usual choice). A thrown
 * exception or an error signal becomes an error reply: a
 * {@link io.scamp.message.RemoteActionException} keeps its code, text and data; anything
 * else is logged by the service (action, requester's address, stack trace) and becomes the
 * reply of the service's {@link ErrorReplyMapper}: by default {@code error_code "generic"}
 * with a neutral text, never the exception's message (see
 * {@link ScampServiceBuilder#errorReplies}). An empty publisher becomes {@code generic}
 * {@code "the action produced no reply"}. A thrown {@link Error} ({@link StackOverflowError},
 * {@link AssertionError}, {@link ExceptionInInitializerError}, ...) is treated like an
 * exception and fails only its own request; only an {@link OutOfMemoryError} or another sign
 * that the JVM itself is in trouble ({@link io.scamp.connection.FatalErrors}) fails the whole
 * connection, whose other requests then fail with a transport error.
 */
@FunctionalInterface
public interface ActionHandler {
    /**
     * Answers one request. Called on the connection's event loop: return at once and do
     * blocking work elsewhere ({@code subscribeOn}).
     *
     * @param request the request: its header fields, the verified ticket when the service
     *     checks authorization ({@link Request#verifiedTicket()}), and its body, still
     *     streaming in
     * @return the reply: only the first element is sent (the publisher is then cancelled); an
     *     error or an empty publisher becomes an error reply as described above
     */
    Publisher<Reply> handle(Request request);
}
