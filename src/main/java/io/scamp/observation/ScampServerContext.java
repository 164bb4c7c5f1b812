package io.scamp.observation;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import io.scamp.message.MessageHeader;
import io.scamp.service.ActionSpec;
import java.util.Objects;

/**
 * The observation context of one request a {@link io.scamp.service.ScampService} dispatches
 * (kind {@link Kind#SERVER}): the request header as received (the carrier: a tracing handler
 * reads {@code traceparent} and {@code tracestate} from its string fields), the registered
 * action it calls ({@code null} for an action the service does not have), and, once it goes
 * out, the reply header ({@link #getResponse()}): the handler's reply or the error reply sent
 * in its place. A handler's failure, and a reply that was not sent in full, is the
 * observation's {@link #getError() error}.
 */
public final class ScampServerContext extends RequestReplyReceiverContext<MessageHeader, MessageHeader> {
    /** Reads a propagation field from the header; one that is not a JSON string is absent. */
    private static final Propagator.Getter<MessageHeader> GETTER = (header, name) -> {
        JsonNode value = header.extras().get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    };

    private final ActionSpec action;

    /**
     * A context for the request with header {@code request}; the service makes it, a custom
     * convention reads it.
     *
     * @param request the request header as received
     * @param action the registered action it calls, or {@code null} when the service has none
     *     of that name and version
     */
    public ScampServerContext(MessageHeader request, ActionSpec action) {
        super(GETTER, Kind.SERVER);
        setCarrier(Objects.requireNonNull(request, "request"));
        this.action = action;
    }

    /**
     * The request header as received, its unknown fields (the propagation fields among them)
     * in {@link MessageHeader#extras()}.
     *
     * @return the header
     */
    public MessageHeader request() {
        return getCarrier();
    }

    /**
     * The registered action the request calls: its name as registered, its version.
     *
     * @return the action, or {@code null} when the service has no action of that name and version
     */
    public ActionSpec action() {
        return action;
    }
}
