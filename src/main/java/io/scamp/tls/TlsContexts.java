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
     * small calls.
     *
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

    /** {@link #provider()} as the property spells it: {@code "openssl"} or {@code "jdk"}. */
    public static String providerName() {
        return provider() == SslProvider.OPENSSL ? "openssl" : "jdk";
    }

    public static SslContext server(ServiceIdentity identity) {
        return server(identity, null);
    }

    /**
     * A server context; with {@code clientCheck} it requires a client certificate whose
     * fingerprint the predicate accepts (SCAMP.md §1 applied to the other end).
     */
    public static SslContext server(ServiceIdentity identity, java.util.function.Predicate<String> clientCheck) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(identity.privateKey(), identity.certificate())
                    .sslProvider(provider())
                    .protocols("TLSv1.3", "TLSv1.2");
            if (clientCheck != null) {
                builder.clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE).trustManager(new ClientCertificateTrustManager(clientCheck));
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IdentityException("cannot build a TLS server context for " + identity + ": " + e.getMessage(), e);
        }
    }

    /** A client context that refuses servers whose certificate fingerprint is not {@code expectedFingerprint} (any when null). */
    public static SslContext client(String expectedFingerprint) {
        return client(expectedFingerprint, null);
    }

    /** A client context that also presents {@code clientIdentity}'s certificate when it is not null. */
    public static SslContext client(String expectedFingerprint, ServiceIdentity clientIdentity) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(provider())
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

    /** The fingerprint mismatch somewhere in {@code failure}'s cause chain, as the public exception; or {@code null}. */
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
