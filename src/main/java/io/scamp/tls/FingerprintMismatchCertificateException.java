package io.scamp.tls;

import java.security.cert.CertificateException;

/**
 * Thrown inside the TLS handshake when the server's certificate does not have the pinned
 * fingerprint; surfaces to users as {@link io.scamp.message.FingerprintMismatchException}.
 */
public final class FingerprintMismatchCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    public FingerprintMismatchCertificateException(String expected, String actual) {
        super("server certificate fingerprint mismatch: expected " + expected + " but the server presented " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
