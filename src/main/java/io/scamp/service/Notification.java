package io.scamp.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.MessageHeader;
import java.util.Objects;

/**
 * A one-way {@code notify} message a peer sent to this service (SCAMP.md §10): a JSON body and
 * no reply. What it means is up to the application; scamp-js hands it to its server's
 * {@code notify} listeners the same way.
 *
 * @param header the message's header ({@code type} {@code "notify"}; other fields as the peer sent them)
 * @param body the body, parsed as JSON
 */
public record Notification(MessageHeader header, JsonNode body) {
    /**
     * Checks the fields.
     *
     * @param header the header, not null
     * @param body the JSON body, not null (a JSON {@code null} is a {@code NullNode})
     */
    public Notification {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
    }
}
