package io.scamp.service;

import io.scamp.connection.RequestDispatcher;
import io.scamp.message.Reply;

/**
 * Chooses the reply a requester gets when an action handler fails unexpectedly: throws, signals
 * an error, or returns {@code null} instead of a publisher, with anything but a
 * {@link io.scamp.message.RemoteActionException}. (A {@code RemoteActionException} is the
 * handler's deliberate error reply and is sent as it is, code, text and {@code error_data},
 * without consulting the mapper.) Set with {@link ScampServiceBuilder#errorReplies}.
 *
 * <p>Whatever the mapper returns, the service has already logged the failure with its stack
 * trace, the action and the requester's address. The default, {@link #neutral()}, tells the
 * requester nothing about the failure: exception texts often carry passwords, host names,
 * queries or file paths. A mapper that throws or returns {@code null} is logged, and the
 * neutral reply is sent instead. It is called on the thread that signalled the failure (often
 * the connection's event loop), so it must be quick and must not block.
 */
@FunctionalInterface
public interface ErrorReplyMapper {
    /**
     * The reply for {@code failure}, usually {@link Reply#error(String, String)}.
     *
     * @param failure what the handler threw or signalled (a {@code NullPointerException} when
     *     it returned {@code null}); never a {@link io.scamp.message.RemoteActionException}
     * @return the error reply to send; {@code null} means the {@link #neutral()} one
     */
    Reply toReply(Throwable failure);

    /**
     * The default: {@code error_code "generic"} with the text
     * {@code "internal error in the action handler"}; no exception text, class name or data.
     *
     * @return the mapper a service uses unless told otherwise
     */
    static ErrorReplyMapper neutral() {
        return failure -> RequestDispatcher.internalError();
    }

    /**
     * {@code error_code "generic"} with the exception's message (its class name when it has
     * none), as the library did before it logged failures. <strong>Unsafe when requesters are
     * not trusted:</strong> whatever the exception says (a connection string, a password in a
     * URL, an internal address, a query) goes to the requester. Meant for development and for
     * services whose every caller may see their internals.
     *
     * @return a mapper that sends the failure's message to the requester
     */
    static ErrorReplyMapper exposeMessages() {
        return failure -> Reply.error("generic", failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage());
    }
}
