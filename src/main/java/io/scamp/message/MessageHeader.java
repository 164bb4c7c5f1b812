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
    /** {@code "subscribe"}: a subscription's filter, a JSON array of codes (SCAMP.md §10). */
    public static final String TYPE_SUBSCRIBE = "subscribe";
    /** {@code "subscribe_done"}: the answer to a subscribe, {@code true} or {@code false}, its {@code request_id} copied. */
    public static final String TYPE_SUBSCRIBE_DONE = "subscribe_done";
    /** {@code "event"}: changes of subscribed data, a JSON array of {@code {"code","key","value"}}. */
    public static final String TYPE_EVENT = "event";
    /** {@code "notify"}: a one-way message with a JSON body and no reply. */
    public static final String TYPE_NOTIFY = "notify";

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

    /**
     * A builder with every field absent: {@code version} 1, {@code request_id} and
     * {@code client_id} 0, no extras.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this header's values, to derive a changed copy.
     *
     * @return a new builder; changing it does not change this header
     */
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

    /**
     * {@code "request"}, {@code "reply"} or another type the peer used; {@code null} if absent.
     *
     * @return the type, or {@code null}
     */
    public String type() {
        return type;
    }

    /**
     * Whether this is a reply; a header without {@code type} counts as a reply, as in scamp-js.
     *
     * @return whether {@code type} is {@code "reply"} or absent
     */
    public boolean isReply() {
        return type == null || TYPE_REPLY.equals(type);
    }

    /**
     * Whether this is a request.
     *
     * @return whether {@code type} is {@code "request"}
     */
    public boolean isRequest() {
        return TYPE_REQUEST.equals(type);
    }

    /**
     * Whether messages of {@code type} carry no {@code request_id} of their own (an
     * {@code event} or a {@code notify}, as scamp-js sends them), so a 0 is not written.
     *
     * @param type a message type, or {@code null}
     * @return whether it is {@link #TYPE_EVENT} or {@link #TYPE_NOTIFY}
     */
    public static boolean carriesNoRequestId(String type) {
        return TYPE_EVENT.equals(type) || TYPE_NOTIFY.equals(type);
    }

    /**
     * The action a request calls ({@code Namespace.action}, matched case-insensitively).
     *
     * @return the action, or {@code null} if absent (replies usually have none)
     */
    public String action() {
        return action;
    }

    /**
     * The sector a request was routed in; routing takes {@code main} when it is absent.
     *
     * @return the sector, or {@code null} if absent
     */
    public String sector() {
        return sector;
    }

    /**
     * The action version of a request.
     *
     * @return the version, 1 if absent
     */
    public int version() {
        return version;
    }

    /**
     * The envelope as sent; {@code null} when absent (which means {@code "json"}).
     *
     * @return the envelope, or {@code null}
     */
    public String envelope() {
        return envelope;
    }

    /**
     * The requester's number for the request, which the reply copies so it finds its request.
     * The connection sets it when sending; the value in a hand-built header is ignored.
     *
     * @return the request id, 0 if absent
     */
    public long requestId() {
        return requestId;
    }

    /**
     * The requesting client's id, passed through as the requester set it.
     *
     * @return the client id, 0 if absent
     */
    public long clientId() {
        return clientId;
    }

    /**
     * The authorization ticket of a request (SCAMP.md §8).
     *
     * @return the ticket text, or {@code null} if absent
     */
    public String ticket() {
        return ticket;
    }

    /**
     * An opaque token of a request, passed through as the requester set it.
     *
     * @return the token, or {@code null} if absent
     */
    public String identifyingToken() {
        return identifyingToken;
    }

    /**
     * The human-readable error text of an error reply.
     *
     * @return the text, or {@code null} if absent
     */
    public String error() {
        return error;
    }

    /**
     * The machine-readable error code of an error reply, e.g. {@code not_found} or {@code generic}.
     *
     * @return the code, or {@code null} if absent
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * The optional {@code error_data} of an error reply; {@code {"dispatch_failure": true}} means
     * the request never reached a handler.
     *
     * @return the data, or {@code null} if absent
     */
    public JsonNode errorData() {
        return errorData;
    }

    /**
     * Whether this header reports an application error: a non-empty {@code error} or {@code error_code}.
     *
     * @return whether this is an error reply
     */
    public boolean isError() {
        return (error != null && !error.isEmpty()) || (errorCode != null && !errorCode.isEmpty());
    }

    /**
     * Fields this library does not model, in the order they arrived.
     *
     * @return the extra fields by name, unmodifiable
     */
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

        /**
         * Sets {@code type}; the connection replaces it when sending a request or reply.
         *
         * @param type {@link #TYPE_REQUEST}, {@link #TYPE_REPLY} or another type
         * @return this builder
         */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /**
         * Sets {@code action}.
         *
         * @param action the action, {@code Namespace.action}
         * @return this builder
         */
        public Builder action(String action) {
            this.action = action;
            return this;
        }

        /**
         * Sets {@code sector}.
         *
         * @param sector the sector
         * @return this builder
         */
        public Builder sector(String sector) {
            this.sector = sector;
            return this;
        }

        /**
         * Sets {@code version} (default 1).
         *
         * @param version the action version
         * @return this builder
         */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /**
         * Sets {@code envelope}; {@code null} leaves it out, which means {@code "json"}.
         *
         * @param envelope the envelope
         * @return this builder
         */
        public Builder envelope(String envelope) {
            this.envelope = envelope;
            return this;
        }

        /**
         * Sets {@code request_id} (default 0); the connection replaces it when sending.
         *
         * @param requestId the request id
         * @return this builder
         */
        public Builder requestId(long requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * Sets {@code client_id} (default 0).
         *
         * @param clientId the client id
         * @return this builder
         */
        public Builder clientId(long clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets {@code ticket}.
         *
         * @param ticket the ticket text
         * @return this builder
         */
        public Builder ticket(String ticket) {
            this.ticket = ticket;
            return this;
        }

        /**
         * Sets {@code identifying_token}.
         *
         * @param identifyingToken the token
         * @return this builder
         */
        public Builder identifyingToken(String identifyingToken) {
            this.identifyingToken = identifyingToken;
            return this;
        }

        /**
         * Sets {@code error}; non-empty, it makes this an error header.
         *
         * @param error the human-readable error text
         * @return this builder
         */
        public Builder error(String error) {
            this.error = error;
            return this;
        }

        /**
         * Sets {@code error_code}; non-empty, it makes this an error header.
         *
         * @param errorCode the machine-readable error code
         * @return this builder
         */
        public Builder errorCode(String errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        /**
         * Sets {@code error_data}.
         *
         * @param errorData a JSON object, or {@code null} for none
         * @return this builder
         */
        public Builder errorData(JsonNode errorData) {
            this.errorData = errorData;
            return this;
        }

        /**
         * Adds a field this class does not model; it is written after the known fields. One named
         * like a known field is not written: the typed field wins.
         *
         * @param name the field name
         * @param value the value; {@code null} is written as JSON {@code null}
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         */
        public Builder extra(String name, JsonNode value) {
            if (extras == null) {
                extras = new LinkedHashMap<>();
            }
            extras.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * Takes a snapshot of the values set so far; the builder may be used again.
         *
         * @return the header
         */
        public MessageHeader build() {
            return new MessageHeader(this);
        }
    }
}
