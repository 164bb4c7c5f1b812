package io.scamp.message;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The remote action answered with an error reply: a non-empty {@code error} or
 * {@code error_code} in the reply header (SCAMP.md §5). The code is {@code "generic"} when
 * the service gave only a text.
 */
public class RemoteActionException extends ScampException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final String error;
    private final transient JsonNode errorData;

    public RemoteActionException(String errorCode, String error, JsonNode errorData) {
        super(errorCode + ": " + error);
        this.errorCode = errorCode;
        this.error = error;
        this.errorData = errorData;
    }

    /** The machine-readable code, e.g. {@code not_found} or {@code generic}. */
    public String errorCode() {
        return errorCode;
    }

    /** The human-readable text. */
    public String error() {
        return error;
    }

    /** The optional {@code error_data} object, or {@code null}. */
    public JsonNode errorData() {
        return errorData;
    }
}
