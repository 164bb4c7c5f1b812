package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.client.ScampClient;
import io.scamp.config.ConfigException;
import io.scamp.config.ScampConfig;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.TestService;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The service's TLS handshake timeout ({@code beepish.handshake_timeout},
 * {@link ScampServiceBuilder#handshakeTimeout}): 10 s unless configured, and a connection whose
 * handshake has not finished by then is closed while others are served.
 */
class HandshakeTimeoutIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void connectionsWhoseHandshakeNeverFinishesAreClosedAfterTheConfiguredTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        try (TestService service = TestService.start(b -> b.handshakeTimeout(timeout));
                ScampClient client = ScampClient.create();
                Socket silent = new Socket(service.endpoint().host(), service.endpoint().port());
                Socket halfHello = new Socket(service.endpoint().host(), service.endpoint().port())) {
            long opened = System.nanoTime();
            byte[] hello = HostilePeers.clientHello(service.endpoint().host(), service.endpoint().port());
            halfHello.getOutputStream().write(hello, 0, hello.length / 2);
            halfHello.getOutputStream().flush();

            String back = client.request(service.endpoint(), Request.builder("Test.echo").body("served".getBytes(StandardCharsets.UTF_8))
                    .build()).flatMap(Reply::bodyAsString).block(WAIT);
            HostilePeers.awaitClosed(silent, Duration.ofSeconds(5));
            HostilePeers.awaitClosed(halfHello, Duration.ofSeconds(5));
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - opened);

            assertThat(back).as("a client that finishes its handshake is served meanwhile").isEqualTo("served");
            assertThat(closedAfter).as("both closed by the 500 ms timeout, well before the 10 s default")
                    .isGreaterThanOrEqualTo(timeout.minusMillis(100)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void theTimeoutIsTenSecondsByDefaultAndComesFromTheConfigurationKey() {
        assertThat(ScampService.builder().handshakeTimeout).isEqualTo(Duration.ofSeconds(10));
        assertThat(ScampService.builder().config(ScampConfig.embeddedDefault()).handshakeTimeout).isEqualTo(Duration.ofSeconds(10));

        ScampServiceBuilder configured = ScampService.builder().config(ScampConfig.embeddedDefault().with("beepish.handshake_timeout", "3"));

        assertThat(configured.handshakeTimeout).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        ScampServiceBuilder builder = ScampService.builder();

        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(500_000)}) {
            assertThatThrownBy(() -> builder.handshakeTimeout(bad)).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshakeTimeout");
        }
        assertThatThrownBy(() -> builder.handshakeTimeout(null)).isInstanceOf(NullPointerException.class);
        for (String bad : new String[] {"0", "-5", "soon"}) {
            assertThatThrownBy(() -> builder.config(ScampConfig.embeddedDefault().with("beepish.handshake_timeout", bad))).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("beepish.handshake_timeout");
        }
    }
}
