package io.scamp.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One record of a SCAMP event (SCAMP.md §10): the value of {@code key} under {@code code} is now
 * {@code value}, or the key is gone when {@code value} is {@code null}. The wire form is
 * {@code {"code":..,"key":..,"value":..}} with a JSON {@code null} for a deletion.
 *
 * @param code the code the data is published under, such as {@code announce}
 * @param key the key within the code (may be empty: the announcement's is {@code ""})
 * @param value the new value, or {@code null} when the key was deleted (never a JSON null node)
 */
public record SubscriptionChange(String code, String key, JsonNode value) {
    /**
     * Checks the fields; a JSON {@code null} value is taken as {@code null} (a deletion).
     *
     * @param code the code, not null
     * @param key the key, not null
     * @param value the new value, or {@code null} for a deletion
     */
    public SubscriptionChange {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(key, "key");
        if (value != null && value.isNull()) {
            value = null;
        }
    }

    /**
     * Whether this record deletes its key.
     *
     * @return whether {@link #value()} is {@code null}
     */
    public boolean isDeletion() {
        return value == null;
    }
}
