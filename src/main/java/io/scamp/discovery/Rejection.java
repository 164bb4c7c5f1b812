package io.scamp.discovery;

/** A record that was skipped, with its identity (if readable) and the reason. */
public record Rejection(String ident, String reason) {
}
