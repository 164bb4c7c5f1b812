package io.scamp.connection;

import io.scamp.message.Reply;
import reactor.core.publisher.MonoSink;

/** A request this side sent and whose reply header has not arrived yet. Event loop only. */
final class PendingRequest {
    final long requestId;
    final String action;
    final MonoSink<Reply> sink;
    final OutgoingMessage message;
    /** The timer that fails this request when no reply comes in time, or null. */
    io.netty.util.concurrent.ScheduledFuture<?> timer;

    PendingRequest(long requestId, String action, MonoSink<Reply> sink, OutgoingMessage message) {
        this.requestId = requestId;
        this.action = action;
        this.sink = sink;
        this.message = message;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
