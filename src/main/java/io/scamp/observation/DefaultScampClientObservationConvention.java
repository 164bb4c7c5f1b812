package io.scamp.observation;

import io.micrometer.common.KeyValues;
import io.scamp.observation.ScampObservationDocumentation.HighCardinalityKeys;
import io.scamp.observation.ScampObservationDocumentation.LowCardinalityKeys;

/**
 * The default names and key values of a client's observations: the name
 * {@value #NAME}, the action as the contextual (span) name, and
 * {@link LowCardinalityKeys} values {@code action} (as the application sent it; {@code unknown}
 * once the service answered {@code not_found}), {@code version}, {@code envelope},
 * {@code side=client}, {@code outcome} and {@code error_code} (the first 64 distinct codes as
 * they are, later ones as {@code other}); the service's {@code address} as a high-cardinality
 * value. Extend it to add or change values.
 */
public class DefaultScampClientObservationConvention implements ScampClientObservationConvention {
    /** The observation's name. */
    public static final String NAME = "scamp.client.requests";

    private final BoundedValues errorCodes = new BoundedValues(KeyValueRules.MAX_ERROR_CODES);
    /** The client's metrics keep as many ({@code ClientActions}): a gateway forwarding any name makes no more key values. */
    private final BoundedValues actions = new BoundedValues(KeyValueRules.MAX_CLIENT_ACTIONS);

    /** A convention with its own bound on error codes; a client makes one unless given another. */
    public DefaultScampClientObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ScampClientContext context) {
        return action(context);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ScampClientContext context) {
        return KeyValueRules.lowCardinality(context, "client", action(context), Integer.toString(context.request().version()),
                context.request().envelope(), errorCode(context));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ScampClientContext context) {
        return KeyValues.of(HighCardinalityKeys.ADDRESS.withValue(context.address()));
    }

    /**
     * The {@code action} value: the request's action (the first {@value KeyValueRules#MAX_CLIENT_ACTIONS}
     * distinct ones; any other {@code other}), {@code unknown} when it has none or the service
     * answered {@code not_found}.
     *
     * @param context the call
     * @return the value
     */
    protected String action(ScampClientContext context) {
        String action = context.request().action();
        return action == null || "not_found".equals(errorCode(context)) ? KeyValueRules.UNKNOWN : actions.bound(action);
    }

    /**
     * The {@code error_code} value: the reply's code, else the failure's ({@code timeout},
     * {@code transport}, {@code cancelled}, {@code other}), {@code none} on success.
     *
     * @param context the call
     * @return the value
     */
    protected String errorCode(ScampClientContext context) {
        return KeyValueRules.errorCode(context.getResponse(), context.getError(), errorCodes);
    }
}
