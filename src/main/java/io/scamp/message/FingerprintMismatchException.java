package io.scamp.message;

/**
 * The server's TLS certificate does not have the fingerprint the client expected (SCAMP.md §1).
 * The connection is refused before any request is sent, so this is always a dispatch failure.
 */
public class FingerprintMismatchException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** The fingerprint the client pinned. */
    private final String expected;
    /** The fingerprint of the certificate the server presented. */
    private final String actual;

    /**
     * Makes the exception for a server that presented the wrong certificate.
     *
     * @param expected the fingerprint the client pinned
     * @param actual the fingerprint of the certificate the server presented
     */
    public FingerprintMismatchException(String expected, String actual) {
        super("server certificate fingerprint mismatch: expected " + expected + " but the server presented " + actual, true);
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * The fingerprint the client pinned (SCAMP.md §1 form).
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
