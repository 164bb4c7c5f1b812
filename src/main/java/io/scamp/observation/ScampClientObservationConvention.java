package io.scamp.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a client's observations and gives their key values; implement it (or extend
 * {@link DefaultScampClientObservationConvention}) and pass it to
 * {@link io.scamp.client.ScampClientBuilder#observationConvention} to change them.
 */
public interface ScampClientObservationConvention extends ObservationConvention<ScampClientContext> {
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ScampClientContext;
    }
}
