package io.scamp.service;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One registered action: its name ({@code Namespace.Sub.action}), version, flags
 * ({@code noauth}, {@code read}, {@code t600}, ...) and handler.
 *
 * @param name the full action name, {@code Namespace.Sub.action}; matched case-insensitively
 * @param version the action's version, at least 1
 * @param flags the announced flags, copied: {@code noauth} skips the ticket check;
 *     {@code t<N>} gives routed requests that set no timeout one of N + 5 seconds; a CRUD flag
 *     ({@code create}, {@code read}, {@code update}, {@code destroy}) gives the action an
 *     alias, {@code Namespace._read} for {@code read}
 * @param handler what answers the action's requests
 */
public record ActionSpec(String name, int version, Set<String> flags, ActionHandler handler) {
    /**
     * Checks the action and copies its flags.
     *
     * @param name the full action name; not blank, without {@code :}
     * @param version the action's version, at least 1
     * @param flags the announced flags
     * @param handler what answers the action's requests
     * @throws IllegalArgumentException if {@code name} is blank or contains {@code :}, or
     *     {@code version} is less than 1
     * @throws NullPointerException if {@code name}, {@code flags} (or one of them) or
     *     {@code handler} is null
     */
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

    /**
     * The lookup key: lowercased name and version (actions match case-insensitively, SCAMP.md §6).
     *
     * @return {@code namespace.sub.action.vN}, lowercased; two actions of one service may not
     *     share it
     */
    public String key() {
        return key(name, version);
    }

    /**
     * The action's own time limit, from a {@code t<N>} flag (SCAMP.md §6): requesters wait
     * N + 5 s for it, and the service cancels a handler that has not answered within N s.
     *
     * @return N seconds, or empty when the action has no {@code t<N>} flag
     */
    public java.util.OptionalInt timeoutSeconds() {
        for (String flag : flags) {
            if (flag.length() > 1 && flag.charAt(0) == 't' && flag.chars().skip(1).allMatch(Character::isDigit) && flag.length() <= 10) {
                return java.util.OptionalInt.of(Integer.parseInt(flag.substring(1)));
            }
        }
        return java.util.OptionalInt.empty();
    }

    static String key(String name, int version) {
        return name.toLowerCase(Locale.ROOT) + ".v" + version;
    }
}
