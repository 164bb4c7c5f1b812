package io.scamp.service;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One registered action: its name ({@code Namespace.Sub.action}), version, flags
 * ({@code noauth}, {@code read}, {@code t600}, ...) and handler.
 */
public record ActionSpec(String name, int version, Set<String> flags, ActionHandler handler) {
    public ActionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        if (name.isBlank() || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad action name: " + name);
        }
        if (version < 1) {
            throw new IllegalArgumentException("action version must be at least 1: " + version);
        }
        flags = Set.copyOf(flags);
    }

    /** The lookup key: lowercased name and version (actions match case-insensitively, SCAMP.md §6). */
    public String key() {
        return key(name, version);
    }

    static String key(String name, int version) {
        return name.toLowerCase(Locale.ROOT) + ".v" + version;
    }
}
