package io.scamp.testing;

import java.nio.file.Path;

/**
 * The project's own test data in {@code fixtures/} at the top of the project (fixtures/README.md
 * says how each file was made and which test uses it). Tests run from the project root.
 */
public final class ProjectFixtures {
    /** The directory. */
    public static final Path DIR = Path.of("fixtures");
    /** The sample service's certificate (self-signed RSA 2048, from {@code scamp keygen}). */
    public static final Path SERVICE_CERT = DIR.resolve("sample-service.crt");
    /** Its private key, PKCS#1 PEM. */
    public static final Path SERVICE_KEY = DIR.resolve("sample-service.key");
    /** Its fingerprint, one line. */
    public static final Path SERVICE_FINGERPRINT = DIR.resolve("sample-service.fingerprint");
    /** A v3 JSON line as a service would announce it. */
    public static final Path SAMPLE_RECORD = DIR.resolve("sample-record.json");
    /** A discovery cache with three services, all signed with the sample service's identity. */
    public static final Path DISCOVERY_CACHE = DIR.resolve("discovery_cache");
    /** The authorized-services file for that cache. */
    public static final Path AUTHORIZED_SERVICES = DIR.resolve("authorized_services");
    /** The ticket signer's private key (PKCS#1 PEM) and certificate. */
    public static final Path TICKET_SIGNER_KEY = DIR.resolve("ticket-signer.key");
    /** The ticket signer's certificate. */
    public static final Path TICKET_SIGNER_CERT = DIR.resolve("ticket-signer.crt");
    /** The ticket signer's public key (SubjectPublicKeyInfo PEM), as verifiers hold it. */
    public static final Path TICKET_VERIFY_KEY = DIR.resolve("ticket_verify_public_key.pem");
    /** A ticket signed by the ticket signer. */
    public static final Path TICKET = DIR.resolve("sample.ticket");

    private ProjectFixtures() {
    }
}
