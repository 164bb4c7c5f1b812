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
     *     an empty publisher (or {@code null}, or an exception thrown here) a {@code generic} one
     */
    Publisher<Reply> dispatch(Request request);

    /** A dispatcher for connections that only send requests: every request gets {@code not_found}. */
    RequestDispatcher NONE = request -> reactor.core.publisher.Mono.just(
            Reply.error("not_found", "this peer serves no actions"));
}
