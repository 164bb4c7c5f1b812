package io.scamp.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A service's TLS identity: its certificate, private key and the certificate's fingerprint
 * (SCAMP.md §1). Loaded from PEM files (PKCS#1 or PKCS#8 keys) or generated as a self-signed
 * RSA 2048 certificate and kept in a state directory so it is stable across runs.
 */
public final class ServiceIdentity {
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String fingerprint;

    private ServiceIdentity(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.fingerprint = null; // TODO(helper B)
    }

    /** Loads a certificate and its private key (PKCS#1 {@code RSA PRIVATE KEY} or PKCS#8) from PEM files. */
    public static ServiceIdentity fromPem(Path certificatePem, Path privateKeyPem) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Generates a fresh self-signed RSA 2048 identity, not persisted. */
    public static ServiceIdentity generate(String commonName) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Loads {@code NAME.crt}/{@code NAME.key} from {@code directory}, generating and saving a
     * self-signed identity there first if they do not exist.
     */
    public static ServiceIdentity loadOrGenerate(Path directory, String name) {
        throw new UnsupportedOperationException("TODO");
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** SHA-1 of the certificate's DER bytes, uppercase hex, colon separated. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The certificate as PEM text. */
    public String certificatePem() {
        throw new UnsupportedOperationException("TODO");
    }
}
