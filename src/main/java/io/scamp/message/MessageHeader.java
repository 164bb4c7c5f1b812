package io.scamp.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON object carried by a HEADER packet (SCAMP.md §5), as an immutable value.
 *
 * <p>Known fields are typed; every other field the peer sent is kept in {@link #extras()} so
 * nothing is lost and unknown values (an unknown {@code type} or {@code envelope}) stay
 * available to the application. Absent string fields are {@code null}; absent integers take
 * the protocol defaults ({@code version} 1, {@code request_id} and {@code client_id} 0).
 */
public final class MessageHeader {
    /** {@code "request"}. */
    public static final String TYPE_REQUEST = "request";
    /** {@code "reply"}. */
    public static final String TYPE_REPLY = "reply";

    private final String type;
    private final String action;
    private final String sector;
    private final int version;
    private final String envelope;
    private final long requestId;
    private final long clientId;
    private final String ticket;
    private final String identifyingToken;
    private final String error;
    private final String errorCode;
    private final JsonNode errorData;
    private final Map<String, JsonNode> extras;

    private MessageHeader(Builder b) {
        this.type = b.type;
        this.action = b.action;
        this.sector = b.sector;
        this.version = b.version;
        this.envelope = b.envelope;
        this.requestId = b.requestId;
        this.clientId = b.clientId;
        this.ticket = b.ticket;
        this.identifyingToken = b.identifyingToken;
        this.error = b.error;
        this.errorCode = b.errorCode;
        this.errorData = b.errorData;
        this.extras = b.extras == null || b.extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.extras));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this header's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.action = action;
        b.sector = sector;
        b.version = version;
        b.envelope = envelope;
        b.requestId = requestId;
        b.clientId = clientId;
        b.ticket = ticket;
        b.identifyingToken = identifyingToken;
        b.error = error;
        b.errorCode = errorCode;
        b.errorData = errorData;
        if (!extras.isEmpty()) {
            b.extras = new LinkedHashMap<>(extras);
        }
        return b;
    }

    /** {@code "request"}, {@code "reply"} or another type the peer used; {@code null} if absent. */
    public String type() {
        return type;
    }

    /** Whether this is a reply; a header without {@code type} counts as a reply, as in scamp-js. */
    public boolean isReply() {
        return type == null || TYPE_REPLY.equals(type);
    }

    public boolean isRequest() {
        return TYPE_REQUEST.equals(type);
    }

    public String action() {
        return action;
    }

    public String sector() {
        return sector;
    }

    public int version() {
        return version;
    }

    /** The envelope as sent; {@code null} when absent (which means {@code "json"}). */
    public String envelope() {
        return envelope;
    }

    public long requestId() {
        return requestId;
    }

    public long clientId() {
        return clientId;
    }

    public String ticket() {
        return ticket;
    }

    public String identifyingToken() {
        return identifyingToken;
    }

    public String error() {
        return error;
    }

    public String errorCode() {
        return errorCode;
    }

    public JsonNode errorData() {
        return errorData;
    }

    /** Whether this header reports an application error: a non-empty {@code error} or {@code error_code}. */
    public boolean isError() {
        return (error != null && !error.isEmpty()) || (errorCode != null && !errorCode.isEmpty());
    }

    /** Fields this library does not model, in the order they arrived. */
    public Map<String, JsonNode> extras() {
        return extras;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MessageHeader)) {
            return false;
        }
        MessageHeader h = (MessageHeader) o;
        return version == h.version && requestId == h.requestId && clientId == h.clientId
                && Objects.equals(type, h.type) && Objects.equals(action, h.action)
                && Objects.equals(sector, h.sector) && Objects.equals(envelope, h.envelope)
                && Objects.equals(ticket, h.ticket) && Objects.equals(identifyingToken, h.identifyingToken)
                && Objects.equals(error, h.error) && Objects.equals(errorCode, h.errorCode)
                && Objects.equals(errorData, h.errorData) && extras.equals(h.extras);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, action, version, requestId, errorCode);
    }

    @Override
    public String toString() {
        return "MessageHeader{type=" + type + ", action=" + action + ", sector=" + sector + ", version=" + version
                + ", envelope=" + envelope + ", request_id=" + requestId + ", client_id=" + clientId
                + (isError() ? ", error_code=" + errorCode + ", error=" + error : "")
                + (extras.isEmpty() ? "" : ", extras=" + extras.keySet()) + "}";
    }

    /** Mutable builder; {@link #build()} takes a snapshot. */
    public static final class Builder {
        private String type;
        private String action;
        private String sector;
        private int version = 1;
        private String envelope;
        private long requestId;
        private long clientId;
        private String ticket;
        private String identifyingToken;
        private String error;
        private String errorCode;
        private JsonNode errorData;
        /** Created on the first extra: most headers have none, and builders are on every call's path. */
        private Map<String, JsonNode> extras;

        private Builder() {
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder action(String action) {
            this.action = action;
            return this;
        }

        public Builder sector(String sector) {
            this.sector = sector;
            return this;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder envelope(String envelope) {
            this.envelope = envelope;
            return this;
        }

        public Builder requestId(long requestId) {
            this.requestId = requestId;
            return this;
        }

        public Builder clientId(long clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder ticket(String ticket) {
            this.ticket = ticket;
            return this;
        }

        public Builder identifyingToken(String identifyingToken) {
            this.identifyingToken = identifyingToken;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder errorCode(String errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        public Builder errorData(JsonNode errorData) {
            this.errorData = errorData;
            return this;
        }

        /** Adds a field this class does not model; it is written after the known fields. */
        public Builder extra(String name, JsonNode value) {
            if (extras == null) {
                extras = new LinkedHashMap<>();
            }
            extras.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public MessageHeader build() {
            return new MessageHeader(this);
        }
    }
}
