package io.scamp.connection;

import io.scamp.message.MessageHeader;
import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;

/**
 * Told, on the connection's event loop, when the call around one received message is over:
 * what tracing needs to end a span at the end of a reply, whether or not the application
 * reads the reply's body, and however the connection ends. Attached with {@link #attach};
 * nothing is attached, and nothing is called, unless tracing is on.
 *
 * <p>Requester side: attached to a received reply, told once when that message ends on the
 * wire ({@link #messageEnded}). Service side: attached to a received request, told the header
 * of the reply that goes out for it ({@link #replyStarted}) and once when that reply has ended
 * or will never be sent ({@link #replyEnded}). Implementations must be quick and must not
 * throw.
 */
public interface MessageWatch {
    /**
     * The watched message ended: its EOF arrived, or it failed (TXERR, the connection's loss).
     * Called at once by {@link #attach} if it had ended already.
     *
     * @param failure {@code null} for EOF, else why the message did not end with one
     */
    default void messageEnded(Throwable failure) {
    }

    /**
     * The reply to the watched request starts with {@code header} (the handler's reply, or
     * the error reply sent in its place).
     *
     * @param header the reply's header as it is sent
     */
    default void replyStarted(MessageHeader header) {
    }

    /**
     * The reply to the watched request ended, or will never be sent (the handler was
     * cancelled, the connection closed). Called once.
     *
     * @param failure {@code null} when the reply ended with EOF, else why it did not
     */
    default void replyEnded(Throwable failure) {
    }

    /**
     * Attaches {@code watch} to a message this library received: the body of a {@code Reply}
     * a connection emitted, or of a {@code Request} it dispatched. From any thread; the watch
     * is attached on the connection's event loop.
     *
     * @param receivedBody the body as the connection made it
     * @param watch what to tell
     * @return whether {@code receivedBody} is a received message (else nothing is attached)
     */
    static boolean attach(Flux<ByteBuffer> receivedBody, MessageWatch watch) {
        if (!(receivedBody instanceof IncomingMessage)) {
            return false;
        }
        IncomingMessage message = (IncomingMessage) receivedBody;
        try {
            message.connection().onLoop().run(IncomingMessage::watch, message, watch);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            watch.messageEnded(new java.util.concurrent.CancellationException("the connection's event loop has stopped"));
        }
        return true;
    }
}
