package io.scamp.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads unencrypted PEM private keys, PKCS#1 ({@code RSA PRIVATE KEY}) or PKCS#8 ({@code PRIVATE KEY}), with BouncyCastle. */
public final class PrivateKeys {
    private PrivateKeys() {
    }

    /**
     * Reads the first PEM object of {@code file} as a private key.
     *
     * @param file the PEM file
     * @return the private key
     * @throws IdentityException naming the file and what was wrong
     */
    public static PrivateKey read(Path file) {
        Object object;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            object = parser.readObject();
        } catch (IOException e) {
            throw new IdentityException("cannot read " + file + ": " + e, e);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair) {
                return converter.getKeyPair((PEMKeyPair) object).getPrivate();
            }
            if (object instanceof PrivateKeyInfo) {
                return converter.getPrivateKey((PrivateKeyInfo) object);
            }
        } catch (IOException e) {
            throw new IdentityException("cannot read the private key in " + file + ": " + e.getMessage(), e);
        }
        throw new IdentityException(file + " holds no unencrypted PEM private key (PKCS#1 or PKCS#8; found "
                + (object == null ? "nothing" : object.getClass().getSimpleName()) + ")");
    }
}
