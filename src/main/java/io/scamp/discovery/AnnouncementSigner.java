package io.scamp.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.scamp.tls.ServiceIdentity;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds and signs our own announcement records, byte-compatible with the other
 * implementations (SCAMP.md §7.1): the v3 JSON line, a blank line, the PEM certificate, a
 * blank line, and the base64 RSA/SHA-256 signature wrapped at 76 columns. Only announceable
 * flags are written.
 */
public final class AnnouncementSigner {
    private static final Set<String> ANNOUNCEABLE = Set.of("create", "read", "update", "destroy", "noauth", "secret");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AnnouncementSigner() {
    }

    /**
     * What a service announces, to be signed by {@link #sign(Announcement, ServiceIdentity)}.
     *
     * @param ident the instance identity
     * @param sector the record's sector: actions in it with the record's envelopes go in the v3 list
     * @param weight the routing weight; 0 means draining
     * @param intervalMillis how often the service re-announces, in milliseconds
     * @param address where it listens, {@code beepish+tls://HOST:PORT}
     * @param envelopes the record-level envelopes
     * @param actions the actions offered; those with another sector or other envelopes are written
     *     as v4 vectors
     * @param timestamp seconds since the epoch, written with three decimals
     */
    public record Announcement(String ident, String sector, int weight, long intervalMillis, String address,
            List<String> envelopes, List<ActionEntry> actions, double timestamp) {
        /**
         * This record as a draining service announces it: weight 0 and no actions, so
         * requesters route nothing new to it, stamped {@code timestamp}.
         *
         * @param timestamp the new record's time, seconds since the epoch
         * @return the draining record
         */
        public Announcement draining(double timestamp) {
            return new Announcement(ident, sector, 0, intervalMillis, address, envelopes, List.of(), timestamp);
        }
    }

    /**
     * The JSON line: {@code [3, ident, sector, weight, interval, address, envelopes, v3 actions, timestamp]}.
     *
     * @param a what to announce
     * @return the JSON line, without a line end
     */
    public static String jsonLine(Announcement a) {
        ArrayNode line = JSON.arrayNode();
        line.add(3).add(a.ident()).add(a.sector()).add(a.weight()).add(a.intervalMillis()).add(a.address());
        ArrayNode envelopes = line.addArray();
        a.envelopes().forEach(envelopes::add);
        List<ActionEntry> v3 = a.actions().stream().filter(x -> isV3(x, a)).toList();
        List<ActionEntry> v4 = a.actions().stream().filter(x -> !isV3(x, a)).toList();
        if (!v4.isEmpty()) {
            envelopes.add(v4Extension(v4));
        }
        Map<String, ArrayNode> byNamespace = new LinkedHashMap<>();
        for (ActionEntry action : v3) {
            ArrayNode group = byNamespace.computeIfAbsent(action.namespace(), ns -> JSON.arrayNode().add(ns));
            group.addArray().add(shortName(action)).add(flags(action)).add(action.version());
        }
        if (v3.isEmpty()) {
            line.addNull();
        } else {
            ArrayNode list = line.addArray();
            byNamespace.values().forEach(list::add);
        }
        line.add(java.math.BigDecimal.valueOf(a.timestamp()).setScale(3, java.math.RoundingMode.HALF_UP));
        return line.toString();
    }

    /** Actions sharing the record's sector and envelopes go in the v3 list; the rest need the v4 vectors. */
    private static boolean isV3(ActionEntry action, Announcement a) {
        return action.sector().equals(a.sector()) && action.envelopes().equals(a.envelopes());
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode v4Extension(List<ActionEntry> actions) {
        com.fasterxml.jackson.databind.node.ObjectNode ext = JSON.objectNode().put("vmaj", 4).put("vmin", 0);
        ArrayNode name = ext.putArray("acname");
        ArrayNode ns = ext.putArray("acns");
        ArrayNode sec = ext.putArray("acsec");
        ArrayNode env = ext.putArray("acenv");
        ArrayNode ver = ext.putArray("acver");
        ArrayNode flag = ext.putArray("acflag");
        for (ActionEntry action : actions) {
            name.add(shortName(action));
            ns.add(action.namespace());
            sec.add(action.sector());
            env.add(String.join(",", action.envelopes()));
            ver.add(action.version());
            flag.add(flags(action));
        }
        return ext;
    }

    private static String shortName(ActionEntry action) {
        return action.name().substring(action.name().lastIndexOf('.') + 1);
    }

    private static String flags(ActionEntry action) {
        return String.join(",", action.flags().stream().filter(AnnouncementSigner::announceable).toList());
    }

    /**
     * A complete signed record for {@code a}, signed with {@code identity}.
     *
     * @param a what to announce
     * @param identity the service's identity: its certificate goes in the record, its key signs it
     * @return the record text, ending in a newline
     * @throws IllegalStateException if the key cannot sign
     */
    public static String sign(Announcement a, ServiceIdentity identity) {
        return signLine(jsonLine(a), identity);
    }

    /**
     * A complete signed record for a JSON line given as it is (one a service would announce,
     * written elsewhere): its exact bytes are signed, in the layout of {@link #sign}. The line
     * is not checked here; parse the result ({@link AnnouncementParser#parse}) to check it.
     *
     * @param jsonLine the record's JSON line, without a line end
     * @param identity its certificate goes in the record, its key signs the line
     * @return the record text, ending in a newline
     * @throws IllegalArgumentException if {@code jsonLine} holds a line end
     * @throws IllegalStateException if the key cannot sign
     */
    public static String signLine(String jsonLine, ServiceIdentity identity) {
        if (jsonLine.indexOf('\n') >= 0 || jsonLine.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a record's JSON line must be one line");
        }
        String signature = wrap(Base64.getEncoder().encodeToString(signature(jsonLine, identity)), 76);
        String pem = identity.certificatePem().replace("\r\n", "\n").strip();
        return jsonLine + "\n\n" + pem + "\n\n" + signature + "\n";
    }

    static boolean announceable(String flag) {
        return ANNOUNCEABLE.contains(flag) || (flag.length() > 1 && flag.charAt(0) == 't' && flag.substring(1).chars().allMatch(Character::isDigit));
    }

    private static byte[] signature(String json, ServiceIdentity identity) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(identity.privateKey());
            signer.update(json.getBytes(StandardCharsets.UTF_8));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the announcement: " + e.getMessage(), e);
        }
    }

    private static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += width) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(text, i, Math.min(text.length(), i + width));
        }
        return out.toString();
    }
}
