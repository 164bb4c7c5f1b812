package io.scamp.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.scamp.message.FingerprintMismatchException;
import javax.net.ssl.SSLException;

/**
 * Netty {@link SslContext}s for SCAMP: a server presenting a {@link ServiceIdentity}, and a
 * client that trusts by pinned fingerprint. The TLS provider is chosen here, in one place
 * ({@link #provider()}).
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** System property choosing the TLS provider: {@code auto} (default), {@code openssl} or {@code jdk}. */
    public static final String PROVIDER_PROPERTY = "scamp.tls.provider";

    /**
     * The provider used for every context: OpenSSL (BoringSSL through netty-tcnative) when its
     * native library loads on this platform, the JDK's otherwise; {@value #PROVIDER_PROPERTY}
     * forces one. OpenSSL does the same TLS with less CPU per record, which matters most for
     * small calls. The property is read on every call, so it should be set before the first
     * context is built.
     *
     * @return {@link SslProvider#OPENSSL} or {@link SslProvider#JDK}
     * @throws IllegalStateException if {@code openssl} is asked for and cannot load, or the
     *     property has another value
     */
    public static SslProvider provider() {
        String choice = System.getProperty(PROVIDER_PROPERTY, "auto").trim().toLowerCase(java.util.Locale.ROOT);
        switch (choice) {
            case "auto":
                return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            case "openssl":
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException(PROVIDER_PROPERTY + "=openssl, but OpenSSL is not available here: "
                            + OpenSsl.unavailabilityCause(), OpenSsl.unavailabilityCause());
                }
                return SslProvider.OPENSSL;
            case "jdk":
                return SslProvider.JDK;
            default:
                throw new IllegalStateException(PROVIDER_PROPERTY + " must be auto, openssl or jdk, not \"" + choice + "\"");
        }
    }

    /**
     * {@link #provider()} as the property spells it: {@code "openssl"} or {@code "jdk"}.
     *
     * @return {@code "openssl"} or {@code "jdk"}
     * @throws IllegalStateException as {@link #provider()} does
     */
    public static String providerName() {
        return name(provider());
    }

    /**
     * A provider as the property spells it.
     *
     * @param provider a provider
     * @return {@code "openssl"} for OpenSSL (BoringSSL), {@code "jdk"} otherwise
     */
    public static String name(SslProvider provider) {
        return provider == SslProvider.OPENSSL || provider == SslProvider.OPENSSL_REFCNT ? "openssl" : "jdk";
    }

    /**
     * A server context presenting {@code identity}, asking clients for no certificate.
     *
     * @param identity the certificate and private key the server presents
     * @return the context, TLS 1.3 and 1.2
     * @throws IdentityException if the context cannot be built from the identity
     * @throws IllegalStateException as {@link #provider()} does
     */
    public static SslContext server(ServiceIdentity identity) {
        return server(identity, null);
    }

    /**
     * A server context; with {@code clientCheck} it requires a client certificate whose
     * fingerprint the predicate accepts (SCAMP.md §1 applied to the other end).
     *
     * @param identity the certificate and private key the server presents
     * @param clientCheck tests the client certificate's fingerprint ({@code AA:BB:...},
     *     uppercase) during the handshake; {@code null} asks clients for no certificate
     * @return the context, TLS 1.3 and 1.2
     * @throws IdentityException if the context cannot be built from the identity
     * @throws IllegalStateException as {@link #provider()} does
     */
    public static SslContext server(ServiceIdentity identity, java.util.function.Predicate<String> clientCheck) {
        return server(identity, clientCheck, provider());
    }

    /**
     * As {@link #server(ServiceIdentity, java.util.function.Predicate)}, on the given provider
     * (decided once by the caller, so what it reports is what it runs).
     *
     * @param identity the certificate and key the server presents
     * @param clientCheck approves a client certificate's fingerprint; {@code null} asks for none
     * @param provider the TLS implementation, usually {@link #provider()}
     * @return the context
     * @throws IdentityException if the identity cannot make a context
     */
    public static SslContext server(ServiceIdentity identity, java.util.function.Predicate<String> clientCheck, SslProvider provider) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(identity.privateKey(), identity.certificate())
                    .sslProvider(provider)
                    .protocols("TLSv1.3", "TLSv1.2");
            if (clientCheck != null) {
                builder.clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE).trustManager(new ClientCertificateTrustManager(clientCheck));
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IdentityException("cannot build a TLS server context for " + identity + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client context that refuses servers whose certificate fingerprint is not {@code expectedFingerprint} (any when null).
     * The certificate is trusted by its fingerprint alone: no CA chain, no host name check.
     *
     * @param expectedFingerprint the SHA-1 fingerprint, {@code AA:BB:...} in any case, or
     *     {@code null} to accept any certificate
     * @return the context, TLS 1.3 and 1.2, presenting no client certificate
     * @throws IllegalArgumentException if {@code expectedFingerprint} is not in the
     *     59-character form
     * @throws IllegalStateException as {@link #provider()} does, or if the context cannot be
     *     built
     */
    public static SslContext client(String expectedFingerprint) {
        return client(expectedFingerprint, null);
    }

    /**
     * A client context that also presents {@code clientIdentity}'s certificate when it is not null.
     * A mismatch fails the handshake with a cause {@link #findMismatch} recognises.
     *
     * @param expectedFingerprint the SHA-1 fingerprint, {@code AA:BB:...} in any case, or
     *     {@code null} to accept any certificate
     * @param clientIdentity the certificate and key to present when the server asks for one,
     *     or {@code null} for none
     * @return the context, TLS 1.3 and 1.2
     * @throws IllegalArgumentException if {@code expectedFingerprint} is not in the
     *     59-character form
     * @throws IllegalStateException as {@link #provider()} does, or if the context cannot be
     *     built
     */
    public static SslContext client(String expectedFingerprint, ServiceIdentity clientIdentity) {
        return client(expectedFingerprint, clientIdentity, provider());
    }

    /**
     * As {@link #client(String, ServiceIdentity)}, on the given provider.
     *
     * @param expectedFingerprint the fingerprint the server must present; {@code null} for any
     * @param clientIdentity a certificate to present, or {@code null}
     * @param provider the TLS implementation, usually {@link #provider()}
     * @return the context
     * @throws IllegalStateException if the context cannot be built
     */
    public static SslContext client(String expectedFingerprint, ServiceIdentity clientIdentity, SslProvider provider) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(provider)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .trustManager(new PinningTrustManager(expectedFingerprint))
                    .endpointIdentificationAlgorithm(null);
            if (clientIdentity != null) {
                builder.keyManager(clientIdentity.privateKey(), clientIdentity.certificate());
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS client context: " + e.getMessage(), e);
        }
    }

    /**
     * The fingerprint mismatch somewhere in {@code failure}'s cause chain, as the public exception; or {@code null}.
     *
     * @param failure a handshake failure, as Netty reports it (wrapped in any depth); may be
     *     {@code null}
     * @return the {@link FingerprintMismatchException} with the expected and presented
     *     fingerprints, or {@code null} when the failure is not a mismatch
     */
    public static FingerprintMismatchException findMismatch(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FingerprintMismatchCertificateException) {
                FingerprintMismatchCertificateException m = (FingerprintMismatchCertificateException) t;
                return new FingerprintMismatchException(m.expected(), m.actual());
            }
            if (t instanceof FingerprintMismatchException) {
                return (FingerprintMismatchException) t;
            }
        }
        return null;
    }
}
