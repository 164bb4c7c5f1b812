package io.scamp.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identities from PEM files (the Go sample among them) and generated ones. */
class ServiceIdentityTest {
    private static final Path INTEROP = Path.of("../shared/fixtures/interop");
    /** From {@code openssl x509 -in go-sample.crt -noout -fingerprint -sha1}. */
    private static final String GO_SAMPLE_FINGERPRINT = "1C:04:2D:5C:34:18:DA:7D:7C:41:8E:B4:C2:EB:41:56:D8:6F:04:FB";

    @TempDir
    Path dir;

    @Test
    void goSamplePkcs1PairLoadsAndHasTheKnownFingerprint() {
        ServiceIdentity identity = ServiceIdentity.fromPem(INTEROP.resolve("go-sample.crt"), INTEROP.resolve("go-sample.key"));

        assertThat(identity.fingerprint()).isEqualTo(GO_SAMPLE_FINGERPRINT).hasSize(59);
        assertThat(((RSAPublicKey) identity.publicKey()).getModulus().bitLength()).isEqualTo(4096);
        assertThat(identity.toString()).contains(GO_SAMPLE_FINGERPRINT);
    }

    @Test
    void resigningTheGoRecordReproducesItsSignatureByteForByte() throws Exception {
        ServiceIdentity identity = ServiceIdentity.fromPem(INTEROP.resolve("go-sample.crt"), INTEROP.resolve("go-sample.key"));
        List<String> lines = Files.readAllLines(INTEROP.resolve("go-sample_discovery_cache"), StandardCharsets.UTF_8);
        String jsonLine = lines.get(1);
        String recordSignature = lines.get(lines.size() - 1).trim();

        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(identity.privateKey());
        signer.update(jsonLine.getBytes(StandardCharsets.UTF_8));

        assertThat(Base64.getEncoder().encodeToString(signer.sign())).isEqualTo(recordSignature).hasSize(684);
    }

    @Test
    void pkcs8KeyLoadsToo() throws Exception {
        ServiceIdentity goSample = ServiceIdentity.fromPem(INTEROP.resolve("go-sample.crt"), INTEROP.resolve("go-sample.key"));
        Path pkcs8 = dir.resolve("key.pem");
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(pkcs8))) {
            writer.writeObject(new JcaPKCS8Generator(goSample.privateKey(), null));
        }
        assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");

        ServiceIdentity loaded = ServiceIdentity.fromPem(INTEROP.resolve("go-sample.crt"), pkcs8);

        assertThat(loaded.fingerprint()).isEqualTo(GO_SAMPLE_FINGERPRINT);
    }

    @Test
    void badInputGivesAnErrorNamingTheFile() throws Exception {
        ServiceIdentity other = ServiceIdentity.generate("other");
        Path otherKey = dir.resolve("other.key");
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "no pem here\n");
        ServiceIdentity.loadOrGenerate(dir, "other");

        assertThatThrownBy(() -> ServiceIdentity.fromPem(INTEROP.resolve("go-sample.crt"), otherKey))
                .isInstanceOf(IdentityException.class).hasMessageContaining("does not belong").hasMessageContaining("other.key");
        assertThatThrownBy(() -> ServiceIdentity.fromPem(dir.resolve("missing.crt"), otherKey))
                .isInstanceOf(IdentityException.class).hasMessageContaining("missing.crt");
        assertThatThrownBy(() -> ServiceIdentity.fromPem(junk, otherKey))
                .isInstanceOf(IdentityException.class).hasMessageContaining("junk.pem");
        assertThatThrownBy(() -> ServiceIdentity.fromPem(INTEROP.resolve("go-sample.key"), otherKey))
                .isInstanceOf(IdentityException.class).hasMessageContaining("no PEM certificate");
        assertThat(other.fingerprint()).isNotNull();
    }

    @Test
    void generatedIdentityIsSelfSignedRsa2048() throws Exception {
        ServiceIdentity identity = ServiceIdentity.generate("svc");

        assertThat(((RSAPublicKey) identity.publicKey()).getModulus().bitLength()).isEqualTo(2048);
        identity.certificate().verify(identity.publicKey());
        assertThat(identity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=svc");
        assertThat(identity.fingerprint()).matches("([0-9A-F]{2}:){19}[0-9A-F]{2}");
        assertThat(identity.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void loadOrGenerateIsStableAcrossRunsAndKeepsTheKeyPrivate() throws Exception {
        ServiceIdentity first = ServiceIdentity.loadOrGenerate(dir.resolve("state"), "svc");
        ServiceIdentity second = ServiceIdentity.loadOrGenerate(dir.resolve("state"), "svc");

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        Path key = dir.resolve("state/svc.key");
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (var files = Files.list(dir.resolve("state"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("svc.crt", "svc.key", "svc.lock");
        }
    }

    @Test
    void fingerprintsNormalize() {
        assertThat(Fingerprints.normalize(" " + GO_SAMPLE_FINGERPRINT.toLowerCase() + "\n")).isEqualTo(GO_SAMPLE_FINGERPRINT);
        assertThatThrownBy(() -> Fingerprints.normalize("1C:04")).isInstanceOf(IllegalArgumentException.class);
    }
}
