package io.scamp.connection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scamp.message.MessageHeader;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;

/**
 * The one place where error replies and {@link RemoteActionException}s are mapped to each
 * other (SCAMP.md §5, §6): a non-empty {@code error} without a code is {@code "generic"}.
 * Any other handler failure is answered by the dispatcher's
 * {@link RequestDispatcher#errorReply}, {@link #internalError()} by default.
 */
final class RemoteErrors {
    /** The text of {@link #internalError()}: nothing of the failure itself. */
    static final String INTERNAL_ERROR = "internal error in the action handler";

    private RemoteErrors() {
    }

    /** The exception a requester sees for an error reply header. */
    static RemoteActionException from(MessageHeader header) {
        String code = header.errorCode() == null || header.errorCode().isEmpty() ? "generic" : header.errorCode();
        String text = header.error() == null ? "" : header.error();
        return new RemoteActionException(code, text, header.errorData());
    }

    /** The error reply for a handler's deliberate error: its code, text and data as they are. */
    static Reply toReply(RemoteActionException e) {
        return Reply.error(e.errorCode(), e.error(), e.errorData());
    }

    /** The reply for an unexpected handler failure: {@code generic}, a neutral text, no data. */
    static Reply internalError() {
        return Reply.error("generic", INTERNAL_ERROR);
    }

    /**
     * The reply to a request refused for a concurrency limit: not dispatched, safe to retry
     * elsewhere ({@code error_code "busy"}, {@code error_data {"dispatch_failure": true}}).
     */
    static Reply busy(String why) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("dispatch_failure", true);
        return Reply.error("busy", why, data);
    }

    /** The text of {@link #unencodableReply()}. */
    static final String UNENCODABLE = "the action's reply could not be sent: its header is over "
            + io.scamp.wire.PacketEncoder.MAX_BODY + " bytes";

    /** The reply sent in place of one whose header cannot be encoded (over 128 KiB): {@code generic}, no data. */
    static Reply unencodableReply() {
        return Reply.error("generic", UNENCODABLE);
    }

    /** The reply to a request that arrives while the service drains: not dispatched, safe to retry elsewhere. */
    static Reply shuttingDown() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("dispatch_failure", true);
        return Reply.error("transport", "the service is shutting down", data);
    }
}
