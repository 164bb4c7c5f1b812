package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.discovery.CacheFileAnnouncer;
import io.scamp.discovery.DiscoveryException;
import io.scamp.message.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** What a service is when it starts: its identity across restarts, and a start that cannot announce. */
class ServiceStartIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ScampServiceBuilder greeter(Path identities) {
        return ScampService.builder()
                .name("greeter")
                .identityDirectory(identities)
                .port(0)
                .action("Greeter.hello", 1, req -> Mono.just(Reply.json(Map.of("hello", "again"))));
    }

    @Test
    void aServiceWithoutAnExplicitIdentityKeepsItsFingerprintAcrossRestartsAndAPinnedEndpointStillReachesIt() {
        Path identities = dir.resolve("identity");
        RunningService first = greeter(identities).build().start().block(WAIT);
        Endpoint pinned = first.endpoint();
        first.stop().block(WAIT);

        RunningService second = greeter(identities).port(pinned.port()).build().start().block(WAIT);
        try (ScampClient client = ScampClient.create()) {
            assertThat(second.fingerprint()).isEqualTo(pinned.fingerprint());
            assertThat(Files.exists(identities.resolve("greeter.crt"))).isTrue();
            assertThat(Files.exists(identities.resolve("greeter.key"))).isTrue();
            assertThat(client.requestJson(pinned, "Greeter.hello", Map.of(), Map.class).block(WAIT).get("hello")).isEqualTo("again");
        } finally {
            second.stop().block(WAIT);
        }
    }

    @Test
    void anEphemeralIdentityIsNewOnEveryStartAndSavedNowhere() {
        Path identities = dir.resolve("identity");
        RunningService first = greeter(identities).ephemeralIdentity().build().start().block(WAIT);
        RunningService second = greeter(identities).ephemeralIdentity().build().start().block(WAIT);
        try {
            assertThat(first.fingerprint()).isNotEqualTo(second.fingerprint());
            assertThat(Files.exists(identities)).isFalse();
        } finally {
            first.stop().block(WAIT);
            second.stop().block(WAIT);
        }
    }

    @Test
    void aServiceWhoseCacheFileCannotBeWrittenFailsToStartWithTheReasonAndReleasesItsPort() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path cache = notADirectory.resolve("discovery_cache");
        ServiceScope scope = new ServiceScope();

        assertThatThrownBy(() -> greeter(dir.resolve("identity")).port(scope.port).announcer(new CacheFileAnnouncer(cache))
                .build().start().block(WAIT))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining(cache.toString());

        RunningService again = greeter(dir.resolve("identity")).port(scope.port).build().start().block(WAIT);
        assertThat(again.port()).isEqualTo(scope.port);
        again.stop().block(WAIT);
    }

    /** A port that was free a moment ago. */
    private static final class ServiceScope {
        final int port;

        ServiceScope() throws java.io.IOException {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                this.port = socket.getLocalPort();
            }
        }
    }
}
