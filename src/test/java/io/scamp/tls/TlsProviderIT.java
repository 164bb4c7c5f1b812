package io.scamp.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.FingerprintMismatchException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.testing.TestService;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/** The TLS provider choice: OpenSSL by default where it loads, the JDK's on request, both interoperable. */
class TlsProviderIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @AfterEach
    void clearProperty() {
        System.clearProperty(TlsContexts.PROVIDER_PROPERTY);
    }

    @Test
    void autoPrefersOpenSslWhereItLoads() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative-boringssl-static loads on linux-x86_64").isTrue();
        assertThat(TlsContexts.provider()).isEqualTo(SslProvider.OPENSSL);
        System.setProperty(TlsContexts.PROVIDER_PROPERTY, "JDK");
        assertThat(TlsContexts.provider()).isEqualTo(SslProvider.JDK);
        System.setProperty(TlsContexts.PROVIDER_PROPERTY, "gnutls");
        assertThatThrownBy(TlsContexts::provider).isInstanceOf(IllegalStateException.class).hasMessageContaining("auto, openssl or jdk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl:jdk", "jdk:openssl", "jdk:jdk", "openssl:openssl"})
    void servicesAndClientsOfEitherProviderTalkAndPinFingerprints(String pair) {
        String[] providers = pair.split(":");
        System.setProperty(TlsContexts.PROVIDER_PROPERTY, providers[0]);
        RunningService service = ScampService.builder().name("tls").identity(TestService.identity()).bindAddress("127.0.0.1").port(0)
                .action("Tls.echo", 1, req -> Mono.just(Reply.of(req.body())))
                .build().start().block(WAIT);
        System.setProperty(TlsContexts.PROVIDER_PROPERTY, providers[1]);
        try (ScampClient client = ScampClient.create()) {
            String echoed = client.request(Endpoint.of(service.address(), service.fingerprint()),
                    Request.builder("Tls.echo").body(("over " + pair).getBytes(java.nio.charset.StandardCharsets.UTF_8)).build()).flatMap(Reply::bodyAsString).block(WAIT);
            assertThat(echoed).isEqualTo("over " + pair);

            String wrong = ServiceIdentity.generate("impostor").fingerprint();
            assertThatThrownBy(() -> client.request(Endpoint.of(service.address(), wrong), Request.builder("Tls.echo").build()).block(WAIT))
                    .isInstanceOf(FingerprintMismatchException.class)
                    .hasMessageContaining(wrong).hasMessageContaining(service.fingerprint());
        } finally {
            service.stop().block(WAIT);
        }
    }
}
