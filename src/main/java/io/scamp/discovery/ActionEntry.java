package io.scamp.discovery;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One action a service announces (SCAMP.md §7.1): sector, full name
 * ({@code Namespace.action}), version, flags and envelopes.
 *
 * @param sector the sector the action is offered in
 * @param name the full name, {@code Namespace.action}, as announced (matched case-insensitively)
 * @param version the action version
 * @param flags the action's flags, e.g. {@code read}, {@code noauth} or {@code t30}
 * @param envelopes the envelopes the action accepts, e.g. {@code json}
 */
public record ActionEntry(String sector, String name, int version, List<String> flags, List<String> envelopes) {
    /** The CRUD flags that give an action an alias key (SCAMP.md §7.2). */
    public static final List<String> CRUD = List.of("create", "read", "update", "destroy");

    /**
     * Copies {@code flags} and {@code envelopes} into unmodifiable lists.
     *
     * @param sector the sector the action is offered in
     * @param name the full name, {@code Namespace.action}
     * @param version the action version
     * @param flags the action's flags
     * @param envelopes the envelopes the action accepts
     */
    public ActionEntry {
        flags = List.copyOf(flags);
        envelopes = List.copyOf(envelopes);
    }

    /**
     * {@code Namespace} of {@code Namespace.action}.
     *
     * @return the namespace, empty if the name has no {@code .}
     */
    public String namespace() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    /**
     * The index key: {@code sector:namespace.action.vN}, lowercased.
     *
     * @return the key
     */
    public String key() {
        return key(sector, name, version);
    }

    /**
     * The CRUD alias keys: {@code sector:namespace._read.vN} for each CRUD flag.
     *
     * @return the alias keys, in flag order; empty without CRUD flags
     */
    public List<String> aliasKeys() {
        return flags.stream().filter(CRUD::contains)
                .map(f -> key(sector, namespace() + "._" + f, version))
                .toList();
    }

    /**
     * The timeout a {@code t<N>} flag asks for, in seconds.
     *
     * @return the first {@code t<N>} flag's N, or empty if there is none
     */
    public Optional<Integer> timeoutSeconds() {
        for (String f : flags) {
            if (f.length() > 1 && f.charAt(0) == 't' && f.substring(1).chars().allMatch(Character::isDigit) && f.length() < 11) {
                return Optional.of(Integer.parseInt(f.substring(1)));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the action accepts {@code envelope}.
     *
     * @param envelope an envelope name, compared exactly
     * @return whether it is one of {@link #envelopes()}
     */
    public boolean supportsEnvelope(String envelope) {
        return envelopes.contains(envelope);
    }

    /**
     * The index key of an action: {@code sector:name.vN}, lowercased, as {@link #key()} and
     * routing lookups use it.
     *
     * @param sector the sector
     * @param name the full action name
     * @param version the action version
     * @return the key
     */
    public static String key(String sector, String name, int version) {
        return (sector + ":" + name + ".v" + version).toLowerCase(Locale.ROOT);
    }
}
