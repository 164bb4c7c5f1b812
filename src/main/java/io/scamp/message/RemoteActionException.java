package io.scamp.message;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The remote action answered with an error reply: a non-empty {@code error} or
 * {@code error_code} in the reply header (SCAMP.md §5). The code is {@code "generic"} when
 * the service gave only a text.
 */
public class RemoteActionException extends ScampException {
    private static final long serialVersionUID = 1L;

    /** The reply's {@code error_code}. */
    private final String errorCode;
    /** The reply's {@code error}. */
    private final String error;
    private final transient JsonNode errorData;

    /**
     * Makes the exception; a handler may fail with one to choose the error reply's fields.
     *
     * @param errorCode the machine-readable code, e.g. {@code not_found}
     * @param error the human-readable text
     * @param errorData an optional {@code error_data} object, or {@code null} (transient: lost if
     *     the exception is Java-serialized)
     */
    public RemoteActionException(String errorCode, String error, JsonNode errorData) {
        super(errorCode + ": " + error);
        this.errorCode = errorCode;
        this.error = error;
        this.errorData = errorData;
    }

    /**
     * The machine-readable code, e.g. {@code not_found} or {@code generic}.
     *
     * @return the code
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * The human-readable text.
     *
     * @return the text
     */
    public String error() {
        return error;
    }

    /**
     * The optional {@code error_data} object, or {@code null}.
     *
     * @return the data, or {@code null}
     */
    public JsonNode errorData() {
        return errorData;
    }
}
