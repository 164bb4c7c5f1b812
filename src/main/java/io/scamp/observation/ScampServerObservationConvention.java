package io.scamp.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a service's observations and gives their key values; implement it (or extend
 * {@link DefaultScampServerObservationConvention}) and pass it to
 * {@link io.scamp.service.ScampServiceBuilder#observationConvention} to change them.
 */
public interface ScampServerObservationConvention extends ObservationConvention<ScampServerContext> {
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ScampServerContext;
    }
}
