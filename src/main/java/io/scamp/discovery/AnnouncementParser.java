package io.scamp.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.message.ScampJson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses announcement records (SCAMP.md §7.1): the v3 JSON array with its optional v4
 * extension, the PEM certificate, and the base64 signature (wrapped or on one line). Parsing
 * does not verify the signature; {@link AnnouncementRecord#verify()} does.
 */
public final class AnnouncementParser {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";
    /** Timestamps above this are integer milliseconds (scamp-js's {@code Date.now()}). */
    private static final double MILLIS_THRESHOLD = 1e11;

    private AnnouncementParser() {
    }

    /**
     * Parses one record: the JSON line, then a PEM certificate, then the signature.
     *
     * @param text the record text (a cache file record or an inflated datagram)
     * @return the record, whose signature is not yet checked
     * @throws InvalidRecordException with the reason the record cannot be used
     */
    public static AnnouncementRecord parse(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        int i = 0;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        if (i == lines.length) {
            throw new InvalidRecordException(null, "empty record");
        }
        String jsonLine = lines[i];
        JsonNode array;
        try {
            array = ScampJson.mapper().readTree(jsonLine);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(null, "JSON line is not valid JSON: " + e.getOriginalMessage());
        }
        String ident = array != null && array.isArray() && array.size() > 1 && array.get(1).isTextual() ? array.get(1).asText() : null;
        int begin = indexOf(lines, BEGIN, i + 1);
        int end = indexOf(lines, END, begin + 1);
        if (begin < 0 || end < 0) {
            throw new InvalidRecordException(ident, "no PEM certificate after the JSON line");
        }
        X509Certificate certificate = certificate(String.join("\n", Arrays.asList(lines).subList(begin, end + 1)), ident);
        StringBuilder signature = new StringBuilder();
        for (int k = end + 1; k < lines.length; k++) {
            signature.append(lines[k].trim());
        }
        if (signature.length() == 0) {
            throw new InvalidRecordException(ident, "no signature after the certificate");
        }
        return fields(text, jsonLine, array, ident, certificate, signature.toString());
    }

    private static AnnouncementRecord fields(String text, String jsonLine, JsonNode a, String ident, X509Certificate cert, String signature) {
        try {
            if (a == null || !a.isArray() || a.size() != 9) {
                throw new IllegalArgumentException("JSON line is not a 9-element array");
            }
            if (!a.get(0).isNumber() || a.get(0).asInt() != 3) {
                throw new IllegalArgumentException("protocol version is " + a.get(0) + ", not 3");
            }
            if (ident == null) {
                throw new IllegalArgumentException("identity is not a string");
            }
            String sector = text(a.get(2), "sector");
            double weight = number(a.get(3), "weight");
            long interval = (long) number(a.get(4), "interval");
            String address = text(a.get(5), "address");
            if (!address.startsWith("beepish+tls://") && !address.startsWith("scamp+tls://")) {
                throw new IllegalArgumentException("address " + address + " is not beepish+tls:// or scamp+tls://");
            }
            JsonNode envelopeArray = a.get(6);
            if (!envelopeArray.isArray()) {
                throw new IllegalArgumentException("envelopes is not an array");
            }
            List<String> envelopes = new ArrayList<>();
            JsonNode extension = null;
            for (int k = 0; k < envelopeArray.size(); k++) {
                JsonNode e = envelopeArray.get(k);
                if (e.isTextual()) {
                    envelopes.add(e.asText());
                } else if (e.isObject() && k == envelopeArray.size() - 1) {
                    extension = e;
                } else {
                    throw new IllegalArgumentException("envelopes has a " + e.getNodeType() + " entry");
                }
            }
            ActionBudget budget = new ActionBudget(jsonLine.length());
            List<ActionEntry> actions = new ArrayList<>(V3Actions.parse(a.get(7), sector, envelopes, budget));
            if (extension != null) {
                actions.addAll(V4Actions.parse(extension, budget));
            }
            double timestamp = number(a.get(8), "timestamp");
            if (timestamp > MILLIS_THRESHOLD) {
                timestamp /= 1000.0;
            }
            return new AnnouncementRecord(text, jsonLine, ident, sector, weight, interval, address, envelopes, actions, timestamp, cert, signature);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(ident, e.getMessage());
        }
    }

    static String text(JsonNode node, String what) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(what + " is not a string");
        }
        return node.asText();
    }

    private static double number(JsonNode node, String what) {
        if (node == null || !node.isNumber()) {
            throw new IllegalArgumentException(what + " is not a number");
        }
        return node.asDouble();
    }

    /** An integer given as a JSON number or a string of digits; {@code fallback} when absent or null. */
    static int flexInt(JsonNode node, String what, int fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.asInt();
        }
        if (node.isTextual() && node.asText().matches("\\d{1,9}")) {
            return Integer.parseInt(node.asText());
        }
        throw new IllegalArgumentException(what + " is not an integer: " + node);
    }

    private static int indexOf(String[] lines, String marker, int from) {
        if (from < 0) {
            return -1;
        }
        for (int k = from; k < lines.length; k++) {
            if (lines[k].trim().equals(marker)) {
                return k;
            }
        }
        return -1;
    }

    private static X509Certificate certificate(String pem, String ident) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new InvalidRecordException(ident, Rejection.Kind.CERTIFICATE, "certificate cannot be read: " + e.getMessage(), e);
        }
    }
}
