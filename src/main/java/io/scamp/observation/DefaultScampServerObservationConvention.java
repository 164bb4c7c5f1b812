package io.scamp.observation;

import io.micrometer.common.KeyValues;
import io.scamp.observation.ScampObservationDocumentation.LowCardinalityKeys;

/**
 * The default names and key values of a service's observations: the name {@value #NAME}, the
 * action as the contextual (span) name, and {@link LowCardinalityKeys} values {@code action}
 * and {@code version} (as registered; {@code unknown} for an action the service does not
 * have, never the name a requester sent), {@code envelope} ({@code other} for one SCAMP does
 * not define), {@code side=service}, {@code outcome} and {@code error_code} (the first 64
 * distinct codes as they are, later ones as {@code other}). No high-cardinality values: nothing
 * of the requester is recorded. Extend it to add or change values.
 */
public class DefaultScampServerObservationConvention implements ScampServerObservationConvention {
    /** The observation's name. */
    public static final String NAME = "scamp.server.requests";

    private final BoundedValues errorCodes = new BoundedValues(KeyValueRules.MAX_ERROR_CODES);

    /** A convention with its own bound on error codes; a service makes one unless given another. */
    public DefaultScampServerObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ScampServerContext context) {
        return action(context);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ScampServerContext context) {
        String version = context.action() == null ? KeyValueRules.UNKNOWN : Integer.toString(context.action().version());
        return KeyValueRules.lowCardinality(context, "service", action(context), version, context.request().envelope(),
                KeyValueRules.errorCode(context.getResponse(), context.getError(), errorCodes));
    }

    /**
     * The {@code action} value: the action's name as registered, {@code unknown} when the
     * service has no such action.
     *
     * @param context the call
     * @return the value
     */
    protected String action(ScampServerContext context) {
        return context.action() == null ? KeyValueRules.UNKNOWN : context.action().name();
    }
}
