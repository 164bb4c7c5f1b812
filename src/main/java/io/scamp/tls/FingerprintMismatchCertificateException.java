package io.scamp.tls;

import java.security.cert.CertificateException;

/**
 * Thrown inside the TLS handshake when the server's certificate does not have the pinned
 * fingerprint; surfaces to users as {@link io.scamp.message.FingerprintMismatchException}.
 */
public final class FingerprintMismatchCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;

    /** The fingerprint that was pinned. */
    private final String expected;
    /** The fingerprint of the certificate the server presented. */
    private final String actual;

    /**
     * Makes the exception.
     *
     * @param expected the fingerprint that was pinned
     * @param actual the fingerprint of the certificate the server presented
     */
    public FingerprintMismatchCertificateException(String expected, String actual) {
        super("server certificate fingerprint mismatch: expected " + expected + " but the server presented " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * The fingerprint that was pinned.
     *
     * @return the expected fingerprint
     */
    public String expected() {
        return expected;
    }

    /**
     * The fingerprint of the certificate the server presented.
     *
     * @return the actual fingerprint
     */
    public String actual() {
        return actual;
    }
}
