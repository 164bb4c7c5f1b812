package io.scamp.observation;

import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.RequestReplySenderContext;
import io.scamp.message.MessageHeader;
import io.scamp.message.Request;
import java.util.Objects;

/**
 * The observation context of one request a {@link io.scamp.client.ScampClient} sends (kind
 * {@link Kind#CLIENT}): the request as the application made it, the address of the service it
 * goes to, the outgoing header being built (the carrier: a tracing handler writes
 * {@code traceparent} and {@code tracestate} into it as header fields) and, once it arrived,
 * the reply header ({@link #getResponse()}). A failure of the call is the observation's
 * {@link #getError() error}: a {@link io.scamp.message.RemoteActionException} for an error
 * reply, a {@link io.scamp.message.TransportException}, a
 * {@link io.scamp.message.ScampTimeoutException}, or a
 * {@link java.util.concurrent.CancellationException} when the caller cancelled before the
 * reply header.
 */
public final class ScampClientContext extends RequestReplySenderContext<MessageHeader.Builder, MessageHeader> {
    /** Writes a propagation field (W3C {@code traceparent}, {@code tracestate}) as a string header field. */
    private static final Propagator.Setter<MessageHeader.Builder> SETTER =
            (header, name, value) -> header.extra(name, TextNode.valueOf(value));

    private final Request request;
    private final String address;

    /**
     * A context for {@code request} on its way to {@code address}; the client makes it, a
     * custom convention reads it.
     *
     * @param request the request as the application made it
     * @param address the service's address ({@code beepish+tls://host:port})
     */
    public ScampClientContext(Request request, String address) {
        super(SETTER, Kind.CLIENT);
        this.request = Objects.requireNonNull(request, "request");
        this.address = Objects.requireNonNull(address, "address");
        setCarrier(request.header().toBuilder());
        setRemoteServiceAddress(address);
    }

    /**
     * The request as the application made it (its header without the propagation fields).
     *
     * @return the request
     */
    public Request request() {
        return request;
    }

    /**
     * The address of the service the request goes to.
     *
     * @return the address, {@code beepish+tls://host:port}
     */
    public String address() {
        return address;
    }
}
