package io.scamp.message;

/**
 * The server's TLS certificate does not have the fingerprint the client expected (SCAMP.md §1).
 * The connection is refused before any request is sent, so this is always a dispatch failure.
 */
public class FingerprintMismatchException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    public FingerprintMismatchException(String expected, String actual) {
        super("server certificate fingerprint mismatch: expected " + expected + " but the server presented " + actual, true);
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
