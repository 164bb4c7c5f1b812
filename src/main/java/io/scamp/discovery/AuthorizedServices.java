package io.scamp.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which actions each service certificate may offer (SCAMP.md §7.4). Lines are
 * {@code FINGERPRINT pattern, pattern, ...}; {@code #} starts a comment. A pattern is an
 * action prefix matched case-insensitively against {@code sector:action} at a {@code .}
 * boundary or the end; without {@code :} it means {@code main:pattern}; {@code SECTOR:ALL}
 * allows a whole sector; pattern characters are literal. Actions under {@code _meta.} are
 * always allowed; a sector or action containing {@code :} never is. Immutable.
 *
 * <p>The rules remember where they came from ({@link #origin()}, {@link #file()}), so that a
 * lookup they filter can say which file withheld the offers.
 */
public final class AuthorizedServices {
    private static final AuthorizedServices ALLOW_ALL = new AuthorizedServices(Map.of(), true, null,
            "every action allowed (except a sector or action containing ':')");

    private final Map<String, List<String>> patterns;
    private final boolean allowAll;
    private final Path file;
    private final String origin;

    private AuthorizedServices(Map<String, List<String>> patterns, boolean allowAll, Path file, String origin) {
        this.patterns = patterns;
        this.allowAll = allowAll;
        this.file = file;
        this.origin = origin;
    }

    /**
     * Every action of every service allowed (for {@code --all} and tests).
     *
     * @return the rules that allow everything; {@link #knows(String)} is true for every fingerprint
     */
    public static AuthorizedServices allowAll() {
        return ALLOW_ALL;
    }

    /**
     * Reads and parses an authorized-services file; {@link #origin()} names the file.
     *
     * @param file the file
     * @return the rules
     * @throws IOException if the file cannot be read or is not valid UTF-8
     */
    public static AuthorizedServices read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file, "file " + file);
    }

    /**
     * Parses the text of an authorized-services file. Never fails: every non-blank line is taken
     * as a fingerprint (uppercased) and its comma-separated patterns (lowercased); a line with a
     * fingerprint and no patterns makes the certificate known ({@link #knows(String)}) but allows
     * it no action. An empty text allows nothing but {@code _meta.} actions. {@link #origin()}
     * says the rules were given as text.
     *
     * @param text the file's text
     * @return the rules
     */
    public static AuthorizedServices parse(String text) {
        return parse(text, null, "rules parsed from text");
    }

    /**
     * As {@link #parse(String)}, with {@code origin} describing where the rules came from.
     *
     * @param text the file's text
     * @param origin where the text came from, as messages should name it (e.g. {@code "file /etc/scamp/authorized_services"})
     * @return the rules
     */
    public static AuthorizedServices parse(String text, String origin) {
        return parse(text, null, Objects.requireNonNull(origin, "origin"));
    }

    /** No rule at all because {@code file} could not be read ({@code why}): nothing but {@code _meta.} is authorized. */
    static AuthorizedServices unreadable(Path file, String why) {
        return parse("", file, "file " + file + ", which cannot be read (" + why + ") so nothing is authorized");
    }

    private static AuthorizedServices parse(String text, Path file, String origin) {
        Map<String, List<String>> patterns = new HashMap<>();
        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String fingerprint = parts[0].toUpperCase(Locale.ROOT);
            List<String> list = patterns.computeIfAbsent(fingerprint, k -> new ArrayList<>());
            if (parts.length > 1) {
                for (String p : parts[1].split(",")) {
                    String pattern = p.trim().toLowerCase(Locale.ROOT);
                    if (!pattern.isEmpty()) {
                        list.add(pattern.indexOf(':') < 0 ? "main:" + pattern : pattern);
                    }
                }
            }
        }
        patterns.replaceAll((k, v) -> List.copyOf(v));
        return new AuthorizedServices(Map.copyOf(patterns), false, file, origin);
    }

    /**
     * The file the rules were read from, if they were.
     *
     * @return the file, or empty for rules given as text or allow-all
     */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * Where the rules came from, for messages: {@code file /etc/scamp/authorized_services} (with
     * a note when it could not be read), {@code rules parsed from text}, the origin given to
     * {@link #parse(String, String)}, or a note that every action is allowed.
     *
     * @return a short description of where the rules came from
     */
    public String origin() {
        return origin;
    }

    /**
     * Whether the service with {@code fingerprint} may offer {@code action} (full name) in {@code sector}.
     *
     * @param fingerprint the certificate fingerprint of the announcing service, any case
     * @param sector the sector the action is offered in
     * @param action the full action name, {@code Namespace.action}
     * @return whether a pattern of the fingerprint's line allows it, or it is a {@code _meta.}
     *     action; never for a sector or action containing {@code :}
     */
    public boolean isAuthorized(String fingerprint, String sector, String action) {
        if (sector.indexOf(':') >= 0 || action.indexOf(':') >= 0) {
            return false;
        }
        String name = action.toLowerCase(Locale.ROOT);
        if (allowAll || name.startsWith("_meta.")) {
            return true;
        }
        String target = sector.toLowerCase(Locale.ROOT) + ":" + name;
        for (String pattern : patterns.getOrDefault(fingerprint.toUpperCase(Locale.ROOT), List.of())) {
            if (pattern.endsWith(":all") && pattern.equals(sector.toLowerCase(Locale.ROOT) + ":all")) {
                return true;
            }
            if (target.equals(pattern) || (target.startsWith(pattern) && target.charAt(pattern.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code fingerprint} has a line in the file (any pattern): used to accept client certificates.
     *
     * @param fingerprint a certificate fingerprint, any case
     * @return whether the file lists it (always, for {@link #allowAll()})
     */
    public boolean knows(String fingerprint) {
        return allowAll || patterns.containsKey(fingerprint.toUpperCase(Locale.ROOT));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthorizedServices && ((AuthorizedServices) o).allowAll == allowAll
                && ((AuthorizedServices) o).patterns.equals(patterns)
                && Objects.equals(((AuthorizedServices) o).file, file) && ((AuthorizedServices) o).origin.equals(origin);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode() + (allowAll ? 1 : 0) + 31 * origin.hashCode();
    }

    @Override
    public String toString() {
        return "AuthorizedServices{" + (allowAll ? "all" : patterns.size() + " fingerprints") + ", " + origin + "}";
    }
}
