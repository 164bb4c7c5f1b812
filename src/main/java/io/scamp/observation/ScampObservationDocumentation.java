package io.scamp.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of SCAMP calls, their default conventions and their key names, as
 * docs/observability.md ("Tracing") lists them.
 */
public enum ScampObservationDocumentation implements ObservationDocumentation {
    /**
     * One request a client sends ({@code scamp.client.requests}): from subscription to the end
     * of the reply's body on the wire, or to the call's failure.
     */
    CLIENT_REQUEST {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultScampClientObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeys.values();
        }
    },

    /**
     * One request a service dispatches ({@code scamp.server.requests}): from the arrival of its
     * header, through the handler, to the end of the reply sent for it.
     */
    SERVER_REQUEST {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultScampServerObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }
    };

    /** The low-cardinality keys of both observations; every value is from a bounded set. */
    public enum LowCardinalityKeys implements KeyName {
        /** The action's name; {@code unknown} for one the service does not have. */
        ACTION("action"),
        /** The action's version; {@code unknown} on a service for an action it does not have. */
        VERSION("version"),
        /** {@code json}, {@code jsonstore}, {@code extdirect}, or {@code other}. */
        ENVELOPE("envelope"),
        /** {@code client} or {@code service}, as the metrics tag it. */
        SIDE("side"),
        /** As the metrics: {@code ok}, {@code error}, {@code timeout}, {@code transport}, {@code cancelled}, {@code failed}; {@code unknown} while the call runs. */
        OUTCOME("outcome"),
        /** The reply's {@code error_code}, or what failed the call; {@code none} on success. */
        ERROR_CODE("error_code");

        private final String key;

        LowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** The high-cardinality keys (span tags only, never meter tags): the client's only. */
    public enum HighCardinalityKeys implements KeyName {
        /** The address of the service a client's request went to, {@code beepish+tls://host:port}. */
        ADDRESS("address");

        private final String key;

        HighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }
}
