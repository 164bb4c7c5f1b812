package io.scamp.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.transport.ResponseContext;
import io.micrometer.observation.Observation;
import io.scamp.metrics.CallOutcome;
import io.scamp.message.MessageHeader;
import io.scamp.observation.ScampObservationDocumentation.LowCardinalityKeys;
import io.scamp.message.RemoteActionException;
import io.scamp.message.ScampTimeoutException;
import io.scamp.message.TransportException;
import java.util.concurrent.CancellationException;

/**
 * How the default conventions turn a call into bounded key values: the envelope from a fixed
 * set, the outcome from the reply header and the failure, the error code from a
 * {@link BoundedValues} of its own per convention.
 */
final class KeyValueRules {
    static final String UNKNOWN = "unknown";
    static final String NONE = "none";
    static final String OK = "ok";
    static final String ERROR = "error";
    /** Distinct error codes a convention records before it records {@link BoundedValues#OTHER}. */
    static final int MAX_ERROR_CODES = 64;
    /** Distinct actions a client convention records before it records {@link BoundedValues#OTHER}. */
    static final int MAX_CLIENT_ACTIONS = 1000;

    private KeyValueRules() {
    }

    /**
     * Every low-cardinality key value of a call on {@code side}, its outcome and error code
     * read from {@code context}'s reply header and failure.
     */
    static <C extends Observation.Context & ResponseContext<MessageHeader>> KeyValues lowCardinality(C context, String side,
            String action, String version, String envelope, String errorCode) {
        return KeyValues.of(
                LowCardinalityKeys.ACTION.withValue(action),
                LowCardinalityKeys.VERSION.withValue(version),
                LowCardinalityKeys.ENVELOPE.withValue(envelope(envelope)),
                LowCardinalityKeys.SIDE.withValue(side),
                LowCardinalityKeys.OUTCOME.withValue(outcome(context.getResponse(), context.getError())),
                LowCardinalityKeys.ERROR_CODE.withValue(errorCode));
    }

    /** The envelope as a bounded value: absent is {@code json}, one of the three SCAMP knows as it is, else {@code other}. */
    static String envelope(String envelope) {
        if (envelope == null) {
            return "json";
        }
        return switch (envelope) {
            case "json", "jsonstore", "extdirect" -> envelope;
            default -> BoundedValues.OTHER;
        };
    }

    /**
     * The values the metrics' {@code outcome} tag takes ({@code CallOutcome}): {@code ok},
     * {@code error} (an error reply), {@code timeout}, {@code transport}, {@code cancelled},
     * {@code failed}; {@code unknown} before the call has a reply or a failure.
     */
    static String outcome(MessageHeader reply, Throwable error) {
        if (reply != null && reply.isError()) {
            return ERROR;
        }
        if (error != null) {
            return error instanceof CancellationException ? "cancelled" : CallOutcome.of(error).name().toLowerCase(java.util.Locale.ROOT);
        }
        return reply == null ? UNKNOWN : OK;
    }

    /**
     * The reply's code ({@code generic} for an error text without one), else the failure's: a
     * remote action error's code, {@code timeout}, {@code transport}, {@code cancelled}, or
     * {@code other}; {@code none} without either. Codes pass through {@code codes}.
     */
    static String errorCode(MessageHeader reply, Throwable error, BoundedValues codes) {
        if (reply != null && reply.isError()) {
            String code = reply.errorCode();
            return code == null || code.isEmpty() ? "generic" : codes.bound(code);
        }
        if (error == null) {
            return NONE;
        }
        if (error instanceof RemoteActionException) {
            return codes.bound(((RemoteActionException) error).errorCode());
        }
        if (error instanceof ScampTimeoutException) {
            return "timeout";
        }
        if (error instanceof TransportException) {
            return "transport";
        }
        if (error instanceof CancellationException) {
            return "cancelled";
        }
        return BoundedValues.OTHER;
    }
}
