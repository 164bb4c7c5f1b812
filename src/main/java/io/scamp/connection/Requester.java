package io.scamp.connection;

import io.netty.util.concurrent.EventExecutor;
import io.scamp.message.MessageHeader;
import io.scamp.message.Reply;
import io.scamp.message.TransportException;
import io.scamp.metrics.CallOutcome;
import java.util.concurrent.CancellationException;

/**
 * The requester role of one connection: the requests this side sends, from their HEADER to
 * their reply's header. It numbers them ({@code request_id}), keeps the pending ones (bounded by
 * what the application has in flight, each with its deadline), matches each reply to its
 * request, and fails or abandons a request whose timeout, cancellation, body or connection ends
 * it first. Event loop only.
 */
final class Requester {
    private final ScampConnection connection;
    private final MessageTable<PendingRequest> pending = new MessageTable<>();
    private RequestDeadlines deadlines;
    private long nextRequestId = 1;

    Requester(ScampConnection connection) {
        this.connection = connection;
    }

    /** The connection's loop is known: deadlines can be kept on it. */
    void attach(EventExecutor loop) {
        deadlines = new RequestDeadlines(loop, this::expire);
    }

    /** Whether no request waits for its reply. */
    boolean isIdle() {
        return pending.isEmpty();
    }

    /** Sends the request of a new subscription; see {@link PendingRequest#mono}. */
    void start(PendingRequest call) {
        if (call.isCancelled()) {
            return;
        }
        if (connection.isClosed() || connection.isDraining()) {
            call.fail(new NotSentException("connection is " + (connection.isClosed() ? "closed" : "draining")));
            return;
        }
        long requestId = nextRequestId;
        OutgoingMessage message;
        try {
            message = connection.startMessage(call.request.header(), MessageHeader.TYPE_REQUEST, requestId, null, null);
        } catch (IllegalArgumentException e) {
            call.fail(e); // the header cannot be encoded (over 128 KiB): nothing was sent, no number was taken
            return;
        }
        nextRequestId++;
        call.requestId = requestId;
        call.message = message;
        message.request = call;
        pending.put(requestId, call);
        call.metered = connection.metrics().call(call.request.header());
        if (!call.timeout.isZero()) {
            deadlines.add(call, call.timeout.toNanos());
        }
        message.start(call.request.body());
    }

    /** No reply header came in time: the request fails, and its body, if still going, ends with TXERR. */
    private void expire(PendingRequest call) {
        if (pending.remove(call.requestId, call)) {
            call.message.fail(new CancellationException("request timed out"));
            call.fail(new io.scamp.message.ScampTimeoutException(call.request.action(), call.timeout));
        }
    }

    /**
     * The request's own body broke the rules (it overflowed), and has ended with TXERR: the
     * request fails with {@code error} at once; a reply that comes later is drained.
     */
    void failedLocally(PendingRequest call, Throwable error) {
        if (pending.remove(call.requestId, call)) {
            deadlines.remove(call);
            call.fail(error);
            connection.closeIfDrained();
        }
    }

    /** The requester cancelled: an unfinished request body ends with TXERR; a later reply is drained. */
    void abandon(PendingRequest call) {
        if (call.message != null && pending.remove(call.requestId, call)) {
            deadlines.remove(call);
            call.endMetering(CallOutcome.CANCELLED);
            call.message.fail(new CancellationException("request cancelled by the requester"));
            connection.closeIfDrained();
        }
    }

    /** A reply came in: it answers its pending request, or is drained if none waits for it (cancelled, timed out). */
    void onReply(IncomingMessage message) {
        MessageHeader header = message.header();
        PendingRequest request = pending.remove(header.requestId());
        if (request == null) {
            message.drain(); // cancelled or timed out; the body is drained so the peer can finish
            return;
        }
        deadlines.remove(request);
        request.replied(message);
        if (header.isError()) {
            message.drain();
            // The service will not read the rest: an unfinished request body ends with TXERR.
            request.message.fail(new CancellationException("the service answered with an error reply"));
            request.fail(RemoteErrors.from(header));
        } else {
            request.succeed(Reply.of(header, message));
            if (request.isCancelled()) {
                message.drainIfUnclaimed(); // cancelled as the reply arrived: nobody will read the body
            }
        }
    }

    /** The connection failed: every pending request fails with {@code error}, and no deadline is left. */
    void failAll(TransportException error) {
        if (!pending.isEmpty()) {
            java.util.List<PendingRequest> requests = pending.values();
            pending.clear();
            requests.forEach(r -> {
                deadlines.remove(r);
                r.fail(error);
            });
        }
        deadlines.clear();
    }

    /** The connection closed cleanly (nothing was pending): no deadline is left. */
    void closed() {
        deadlines.clear();
    }
}
