package io.scamp.discovery;

import io.scamp.tls.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * One service announcement (SCAMP.md §7.1), parsed by {@link AnnouncementParser}: who the
 * service is, where it listens, what it offers, and the certificate and signature that vouch
 * for it. Immutable. {@link #verify()} checks the signature over the exact JSON line.
 */
public final class AnnouncementRecord {
    private final String text;
    private final String jsonLine;
    private final String ident;
    private final String sector;
    private final double weight;
    private final long intervalMillis;
    private final String address;
    private final List<String> envelopes;
    private final List<ActionEntry> actions;
    private final double timestamp;
    private final X509Certificate certificate;
    private final String fingerprint;
    private final String signature;

    AnnouncementRecord(String text, String jsonLine, String ident, String sector, double weight, long intervalMillis,
            String address, List<String> envelopes, List<ActionEntry> actions, double timestamp,
            X509Certificate certificate, String signature) {
        this.text = text;
        this.jsonLine = jsonLine;
        this.ident = ident;
        this.sector = sector;
        this.weight = weight;
        this.intervalMillis = intervalMillis;
        this.address = address;
        this.envelopes = List.copyOf(envelopes);
        this.actions = List.copyOf(actions);
        this.timestamp = timestamp;
        this.certificate = certificate;
        this.fingerprint = Fingerprints.of(certificate);
        this.signature = signature;
    }

    /**
     * The record as it was read (JSON line, blank line, PEM, blank line, signature).
     *
     * @return the record text
     */
    public String text() {
        return text;
    }

    /**
     * The signed JSON line, exactly as announced.
     *
     * @return the JSON line, without its line end
     */
    public String jsonLine() {
        return jsonLine;
    }

    /**
     * The instance identity, {@code name:} or {@code name-} plus random base64.
     *
     * @return the identity
     */
    public String ident() {
        return ident;
    }

    /**
     * The default sector of the v3 action list.
     *
     * @return the sector
     */
    public String sector() {
        return sector;
    }

    /**
     * Routing weight; 0 means draining.
     *
     * @return the weight
     */
    public double weight() {
        return weight;
    }

    /**
     * How often the service re-announces; the multicast observer expires the record after 2.1
     * intervals with no newer announcement.
     *
     * @return the interval, in milliseconds
     */
    public long intervalMillis() {
        return intervalMillis;
    }

    /**
     * {@code beepish+tls://HOST:PORT} (or the older {@code scamp+tls://}).
     *
     * @return the address requesters connect to
     */
    public String address() {
        return address;
    }

    /**
     * The record-level envelopes (of the v3 actions).
     *
     * @return the envelopes
     */
    public List<String> envelopes() {
        return envelopes;
    }

    /**
     * Every usable action, v3 and v4 (v4 entries with {@code accompat} other than 1 are dropped).
     *
     * @return the actions, before authorization
     */
    public List<ActionEntry> actions() {
        return actions;
    }

    /**
     * Seconds since the epoch (integer milliseconds of scamp-js are normalised).
     *
     * @return when the record was made, in seconds
     */
    public double timestamp() {
        return timestamp;
    }

    /**
     * The certificate the record carries, which signs it; its dates are not checked.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The certificate's fingerprint, which the service's TLS certificate must match.
     *
     * @return the fingerprint, in the form of {@link io.scamp.tls.Fingerprints}
     */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * The signature as it appeared, base64 (unwrapped).
     *
     * @return the signature
     */
    public String signature() {
        return signature;
    }

    /**
     * Checks the RSA/SHA-256 signature of the JSON line with the record's own certificate
     * (certificate dates do not matter, SCAMP.md §7.1).
     *
     * @return this record
     * @throws InvalidRecordException when it does not verify
     */
    public AnnouncementRecord verify() {
        byte[] sig;
        try {
            sig = Base64.getMimeDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(ident, Rejection.Kind.SIGNATURE, "signature is not base64: " + e.getMessage(), e);
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(jsonLine.getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(sig)) {
                throw new InvalidRecordException(ident, Rejection.Kind.SIGNATURE, "signature does not verify with the record's certificate " + fingerprint, null);
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidRecordException(ident, Rejection.Kind.SIGNATURE, "signature cannot be checked: " + e.getMessage(), e);
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnouncementRecord && ((AnnouncementRecord) o).jsonLine.equals(jsonLine)
                && ((AnnouncementRecord) o).signature.equals(signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jsonLine, signature);
    }

    @Override
    public String toString() {
        return "AnnouncementRecord{" + ident + " at " + address + ", weight " + weight + ", " + actions.size() + " actions}";
    }
}
