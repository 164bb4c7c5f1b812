package io.scamp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.discovery.AuthorizedServices;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.testing.TestService;
import io.scamp.tls.ServiceIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A service that requires client certificates listed in authorized services. */
class ClientCertificateIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ServiceIdentity known = ServiceIdentity.generate("known-client");
    private RunningService service;

    @BeforeEach
    void start() {
        AuthorizedServices authorized = AuthorizedServices.parse(known.fingerprint() + " main:ALL\n");
        service = ScampService.builder().name("strict").identity(TestService.identity()).bindAddress("127.0.0.1").port(0)
                .requireClientCertificates(authorized::knows)
                .action("Strict.ping", 1, req -> Mono.just(Reply.bytes("pong".getBytes(StandardCharsets.UTF_8))))
                .build().start().block(WAIT);
    }

    @AfterEach
    void stop() {
        service.stop().block(WAIT);
    }

    private String ping(ScampClient client) {
        return client.request(Endpoint.of(service.address(), service.fingerprint()), Request.builder("Strict.ping").build())
                .flatMap(Reply::bodyAsString).block(WAIT);
    }

    @Test
    void listedClientCertificateIsAccepted() {
        try (ScampClient client = ScampClient.builder().identity(known).build()) {
            assertThat(ping(client)).isEqualTo("pong");
        }
    }

    @Test
    void clientsWithoutACertificateOrWithAnUnknownOneAreRefused() {
        try (ScampClient anonymous = ScampClient.create();
             ScampClient stranger = ScampClient.builder().identity(ServiceIdentity.generate("stranger")).build()) {
            assertThatThrownBy(() -> ping(anonymous)).isInstanceOf(TransportException.class);
            assertThatThrownBy(() -> ping(stranger)).isInstanceOf(TransportException.class);
        }
    }
}
