package io.scamp.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A service's TLS identity: its certificate, private key and the certificate's fingerprint
 * (SCAMP.md §1). Loaded from PEM files (PKCS#1 {@code RSA PRIVATE KEY} or PKCS#8
 * {@code PRIVATE KEY}, read with BouncyCastle since the JDK alone cannot read PKCS#1) or
 * generated as a self-signed RSA 2048 certificate and kept in a state directory so it is
 * stable across runs. Immutable.
 */
public final class ServiceIdentity {
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String fingerprint;

    private ServiceIdentity(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.fingerprint = Fingerprints.of(certificate);
    }

    /**
     * Loads a certificate and its private key from PEM files, checking that they belong together.
     *
     * @param certificatePem the certificate file ({@code BEGIN CERTIFICATE})
     * @param privateKeyPem the unencrypted private key file, PKCS#1 or PKCS#8
     * @return the identity
     * @throws IdentityException if a file cannot be read or the key does not belong to the
     *     certificate
     */
    public static ServiceIdentity fromPem(Path certificatePem, Path privateKeyPem) {
        X509Certificate certificate = readCertificate(certificatePem);
        PrivateKey key = readPrivateKey(privateKeyPem);
        if (!matches(key, certificate.getPublicKey())) {
            throw new IdentityException("the private key in " + privateKeyPem + " does not belong to the certificate in " + certificatePem);
        }
        return new ServiceIdentity(certificate, key);
    }

    /**
     * Generates a fresh self-signed RSA 2048 identity (SHA256withRSA, 10 years), not persisted.
     *
     * @param commonName the certificate's CN; characters special in a distinguished name become
     *     {@code _}
     * @return the identity
     * @throws IdentityException if the key or certificate cannot be made
     */
    public static ServiceIdentity generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", "_"));
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
            return new ServiceIdentity(new JcaX509CertificateConverter().getCertificate(holder), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IdentityException("cannot generate a self-signed identity: " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code NAME.crt} and {@code NAME.key} from {@code directory}, first generating and
     * saving them (key as PKCS#1 PEM, mode 0600, each written atomically) when absent. When only
     * one of the two exists, a new pair replaces it. Generating holds a lock on
     * {@code NAME.lock} beside them, so two processes starting the same service at once end up
     * with one identity: one generates it, the other waits and loads it.
     *
     * @param directory where the identity is kept, e.g. {@link io.scamp.config.StateDirectory#identities()}
     * @param name the file names' stem, also the generated certificate's CN
     * @return the identity, the same across runs
     * @throws IdentityException if the files cannot be read, or the new ones cannot be saved
     */
    public static synchronized ServiceIdentity loadOrGenerate(Path directory, String name) {
        Path cert = directory.resolve(name + ".crt");
        Path key = directory.resolve(name + ".key");
        if (Files.exists(cert) && Files.exists(key)) {
            return fromPem(cert, key);
        }
        try {
            Files.createDirectories(directory);
            // Another process may be starting the same service: one generates, the other waits and loads.
            try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(directory.resolve(name + ".lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                 java.nio.channels.FileLock held = lock.lock()) {
                if (Files.exists(cert) && Files.exists(key)) {
                    return fromPem(cert, key);
                }
                ServiceIdentity identity = generate(name);
                writeAtomically(key, pem(identity.privateKey), true);
                writeAtomically(cert, identity.certificatePem(), false);
                return identity;
            }
        } catch (IOException e) {
            throw new IdentityException("cannot save the generated identity in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The certificate the service presents in TLS and puts in its announcements.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The certificate's private key, for TLS and for signing announcements.
     *
     * @return the private key
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * The certificate's public key.
     *
     * @return the public key
     */
    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    /**
     * SHA-1 of the certificate's DER bytes, uppercase hex, colon separated.
     *
     * @return the fingerprint, which requesters pin
     */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * The certificate as PEM text.
     *
     * @return the PEM text, {@code BEGIN CERTIFICATE} block
     */
    public String certificatePem() {
        return pem(certificate);
    }

    @Override
    public String toString() {
        return "ServiceIdentity{" + certificate.getSubjectX500Principal().getName() + ", " + fingerprint + "}";
    }

    private static X509Certificate readCertificate(Path file) {
        Object object = readPemObject(file);
        try {
            if (object instanceof X509CertificateHolder) {
                return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) object);
            }
        } catch (GeneralSecurityException e) {
            throw new IdentityException("cannot read the certificate in " + file + ": " + e.getMessage(), e);
        }
        throw new IdentityException(file + " holds no PEM certificate (found " + describe(object) + ")");
    }

    private static PrivateKey readPrivateKey(Path file) {
        return PrivateKeys.read(file);
    }

    private static Object readPemObject(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (object == null) {
                throw new IdentityException(file + " holds no PEM object");
            }
            return object;
        } catch (IOException e) {
            throw new IdentityException("cannot read " + file + ": " + e, e);
        }
    }

    private static String describe(Object object) {
        return object == null ? "nothing" : object.getClass().getSimpleName();
    }

    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        try {
            String algorithm = "RSA".equals(publicKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] probe = "scamp identity check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaMiscPEMGenerator(object));
        } catch (IOException e) {
            throw new IdentityException("cannot encode PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on non-POSIX file systems
            }
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
