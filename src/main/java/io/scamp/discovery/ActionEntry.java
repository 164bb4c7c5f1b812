package io.scamp.discovery;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One action a service announces (SCAMP.md §7.1): sector, full name
 * ({@code Namespace.action}), version, flags and envelopes.
 */
public record ActionEntry(String sector, String name, int version, List<String> flags, List<String> envelopes) {
    /** The CRUD flags that give an action an alias key (SCAMP.md §7.2). */
    public static final List<String> CRUD = List.of("create", "read", "update", "destroy");

    public ActionEntry {
        flags = List.copyOf(flags);
        envelopes = List.copyOf(envelopes);
    }

    /** {@code Namespace} of {@code Namespace.action}. */
    public String namespace() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    /** The index key: {@code sector:namespace.action.vN}, lowercased. */
    public String key() {
        return key(sector, name, version);
    }

    /** The CRUD alias keys: {@code sector:namespace._read.vN} for each CRUD flag. */
    public List<String> aliasKeys() {
        return flags.stream().filter(CRUD::contains)
                .map(f -> key(sector, namespace() + "._" + f, version))
                .toList();
    }

    /** The timeout a {@code t<N>} flag asks for, in seconds. */
    public Optional<Integer> timeoutSeconds() {
        for (String f : flags) {
            if (f.length() > 1 && f.charAt(0) == 't' && f.substring(1).chars().allMatch(Character::isDigit) && f.length() < 11) {
                return Optional.of(Integer.parseInt(f.substring(1)));
            }
        }
        return Optional.empty();
    }

    public boolean supportsEnvelope(String envelope) {
        return envelopes.contains(envelope);
    }

    public static String key(String sector, String name, int version) {
        return (sector + ":" + name + ".v" + version).toLowerCase(Locale.ROOT);
    }
}
