package io.scamp.connection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scamp.message.MessageHeader;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;

/**
 * The one place where error replies and {@link RemoteActionException}s are mapped to each
 * other (SCAMP.md §5, §6): a non-empty {@code error} without a code is {@code "generic"}.
 */
final class RemoteErrors {
    private RemoteErrors() {
    }

    /** The exception a requester sees for an error reply header. */
    static RemoteActionException from(MessageHeader header) {
        String code = header.errorCode() == null || header.errorCode().isEmpty() ? "generic" : header.errorCode();
        String text = header.error() == null ? "" : header.error();
        return new RemoteActionException(code, text, header.errorData());
    }

    /** The error reply for a handler failure. */
    static Reply toReply(Throwable failure) {
        if (failure instanceof RemoteActionException) {
            RemoteActionException e = (RemoteActionException) failure;
            return Reply.error(e.errorCode(), e.error(), e.errorData());
        }
        String text = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        return Reply.error("generic", text);
    }

    /** The reply to a request that arrives while the service drains: not dispatched, safe to retry elsewhere. */
    static Reply shuttingDown() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("dispatch_failure", true);
        return Reply.error("transport", "the service is shutting down", data);
    }
}
