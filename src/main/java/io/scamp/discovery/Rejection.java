package io.scamp.discovery;

/**
 * A record that was skipped, with its identity (if readable) and the reason.
 *
 * @param ident the record's identity, or {@code null} if it could not be read
 * @param reason why it was skipped
 */
public record Rejection(String ident, String reason) {
}
