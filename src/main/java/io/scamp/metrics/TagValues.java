package io.scamp.metrics;

import io.scamp.message.MessageHeader;
import java.util.List;

/**
 * Bounded tag values for what peers send: envelopes and error codes outside the known sets are
 * {@code other}, so a peer cannot grow the number of series.
 */
final class TagValues {
    /** The {@code envelope} values, by {@link #envelope} index. */
    static final List<String> ENVELOPES = List.of("json", "jsonstore", "extdirect", "other");
    /** The {@code error_code} values, by {@link #errorCode} index: the codes of SCAMP.md and of this library, then {@code other}. */
    static final List<String> ERROR_CODES = List.of("generic", "not_found", "transport", "timeout", "busy", "bad_request",
            "invalid_ticket", "permission_denied", "ticket_required", "unconfigured_action", "other");
    /** The value for an action (and its version) a service does not have, or past a client's bound. */
    static final String UNKNOWN = "unknown";
    static final String OTHER = "other";
    /** The {@code error_code} of calls that did not end in an error reply. */
    static final String NONE = "none";

    private TagValues() {
    }

    /** An enum constant's tag value: its name in lower case ({@code CLIENT}: {@code client}). */
    static String of(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The index in {@link #ENVELOPES}; an absent envelope is {@code json} (SCAMP.md §5). */
    static int envelope(String envelope) {
        if (envelope == null) {
            return 0;
        }
        switch (envelope) {
            case "json":
                return 0;
            case "jsonstore":
                return 1;
            case "extdirect":
                return 2;
            default:
                return 3;
        }
    }

    /** The index in {@link #ERROR_CODES} of an error reply's code; a text without a code is {@code generic}, as for requesters. */
    static int errorCode(MessageHeader reply) {
        String code = reply.errorCode();
        if (code == null || code.isEmpty()) {
            return 0;
        }
        int i = ERROR_CODES.indexOf(code);
        return i < 0 ? ERROR_CODES.size() - 1 : i;
    }
}
