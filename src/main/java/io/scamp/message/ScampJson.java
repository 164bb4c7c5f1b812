package io.scamp.message;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson {@link ObjectMapper} the library uses for JSON bodies and headers. */
public final class ScampJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ScampJson() {
    }

    /**
     * The shared, thread-safe mapper. Do not reconfigure it.
     *
     * @return the mapper; unknown properties do not fail decoding
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
