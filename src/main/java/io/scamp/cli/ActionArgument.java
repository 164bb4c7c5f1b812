package io.scamp.cli;

import io.scamp.discovery.ActionEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One {@code --action} of {@code scamp announce}:
 * {@code Namespace.name[:VERSION[:FLAGS[:SECTOR[:ENVELOPES]]]]}. VERSION is a positive integer
 * (default 1); FLAGS and ENVELOPES are comma separated; an empty or missing SECTOR or ENVELOPES
 * takes the record's. An action whose sector and envelopes are the record's goes in the v3 list,
 * any other in the v4 extension (SCAMP.md §7.1).
 */
final class ActionArgument {
    private static final Set<String> FLAGS = Set.of("create", "read", "update", "destroy", "noauth", "secret");

    private ActionArgument() {
    }

    /**
     * Parses {@code spec}.
     *
     * @param spec the argument as given
     * @param sector the record's sector
     * @param envelopes the record's envelopes
     * @return the action
     * @throws IllegalArgumentException naming the spec and what is wrong with it
     */
    static ActionEntry parse(String spec, String sector, List<String> envelopes) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 5) {
            throw bad(spec, "too many ':' (at most Namespace.name:VERSION:FLAGS:SECTOR:ENVELOPES)");
        }
        String name = parts[0];
        int dot = name.lastIndexOf('.');
        if (!name.matches("[^\\s,]+") || dot <= 0 || dot == name.length() - 1 || name.contains("..")) {
            throw bad(spec, "the name must be Namespace.name (at least one '.', no empty part, no space or ',')");
        }
        int version = parts.length > 1 && !parts[1].isEmpty() ? version(spec, parts[1]) : 1;
        List<String> flags = parts.length > 2 ? list(parts[2]) : List.of();
        for (String flag : flags) {
            if (!FLAGS.contains(flag) && !flag.matches("t[1-9][0-9]{0,8}")) {
                throw bad(spec, "unknown flag " + flag + " (flags: create, read, update, destroy, noauth, secret, t<SECONDS>)");
            }
        }
        String actionSector = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : sector;
        if (!actionSector.matches("[^\\s,]+")) {
            throw bad(spec, "the sector must be one word");
        }
        List<String> actionEnvelopes = parts.length > 4 && !parts[4].isEmpty() ? list(parts[4]) : envelopes;
        return new ActionEntry(actionSector, name, version, flags, actionEnvelopes);
    }

    private static int version(String spec, String text) {
        if (!text.matches("[1-9][0-9]{0,8}")) {
            throw bad(spec, "the version must be a positive integer, not " + text);
        }
        return Integer.parseInt(text);
    }

    private static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("bad action spec " + spec + ": " + why);
    }
}
