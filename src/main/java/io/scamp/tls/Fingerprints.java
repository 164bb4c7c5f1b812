package io.scamp.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Certificate fingerprints as SCAMP writes them (SCAMP.md §1): SHA-1 of the DER bytes,
 * uppercase hex, bytes separated by {@code :} — 59 characters.
 */
public final class Fingerprints {
    private static final Pattern FORMAT = Pattern.compile("([0-9A-F]{2}:){19}[0-9A-F]{2}");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Fingerprints() {
    }

    /**
     * The fingerprint of a certificate.
     *
     * @param certificate the certificate
     * @return its fingerprint, 59 characters
     * @throws IllegalArgumentException if the certificate cannot be encoded
     */
    public static String of(X509Certificate certificate) {
        try {
            return of(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * The fingerprint of a DER-encoded certificate.
     *
     * @param der the certificate's DER bytes
     * @return their fingerprint, 59 characters
     */
    public static String of(byte[] der) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-1").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
        StringBuilder sb = new StringBuilder(59);
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(HEX[(digest[i] >> 4) & 0xf]).append(HEX[digest[i] & 0xf]);
        }
        return sb.toString();
    }

    /**
     * Trims and uppercases {@code fingerprint}, rejecting anything not in the 59-character form.
     *
     * @param fingerprint a fingerprint as a person or a file wrote it, or {@code null}
     * @return the fingerprint in the form {@link #of(byte[])} gives
     * @throws IllegalArgumentException if it is not 20 colon-separated hex bytes
     */
    public static String normalize(String fingerprint) {
        if (fingerprint != null && isCanonical(fingerprint)) {
            return fingerprint; // every routed call's path: no regex, no copy
        }
        String f = fingerprint == null ? "" : fingerprint.trim().toUpperCase(Locale.ROOT);
        if (!FORMAT.matcher(f).matches()) {
            throw new IllegalArgumentException("not a SHA-1 fingerprint (AA:BB:...:FF, 20 bytes): " + fingerprint);
        }
        return f;
    }

    private static boolean isCanonical(String f) {
        if (f.length() != 59) {
            return false;
        }
        for (int i = 0; i < 59; i++) {
            char c = f.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
