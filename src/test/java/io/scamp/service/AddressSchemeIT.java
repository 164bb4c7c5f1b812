package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.config.ConfigException;
import io.scamp.config.ScampConfig;
import io.scamp.discovery.AnnouncementRecord;
import io.scamp.discovery.AuthorizedServices;
import io.scamp.discovery.AuthorizedServicesSource;
import io.scamp.discovery.CacheFileAnnouncer;
import io.scamp.discovery.CacheFileReader;
import io.scamp.discovery.CacheFileSource;
import io.scamp.discovery.ServiceDirectory;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.RawMessages;
import io.scamp.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The older address scheme (SCAMP.md §1, §11): a service told to use {@code scamp+tls} announces
 * and reports {@code scamp+tls://HOST:PORT}, which is all the canonical Perl requester knows,
 * and our client and router still reach it there.
 */
class AddressSchemeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aServiceAnnouncesTheOlderSchemeAndOurClientAndRouterReachIt() throws Exception {
        Path cache = dir.resolve("discovery_cache");
        try (TestService service = TestService.start(b -> b.addressScheme("SCAMP+TLS").announcer(new CacheFileAnnouncer(cache)));
             ServiceDirectory directory = ServiceDirectory.create(List.of(new CacheFileSource(cache, Duration.ofMinutes(2))),
                     AuthorizedServicesSource.fixed(AuthorizedServices.allowAll()));
             ScampClient client = ScampClient.builder().directory(directory).build()) {
            RunningService running = service.running();
            assertThat(running.address()).isEqualTo("scamp+tls://127.0.0.1:" + running.port());

            AnnouncementRecord record = CacheFileReader.read(cache).records().get(0);
            assertThat(record.address()).isEqualTo(running.address());
            assertThat(record.jsonLine()).contains("\"scamp+tls://127.0.0.1:" + running.port() + "\"").doesNotContain("beepish+tls");

            String direct = client.request(Endpoint.of(record.address(), record.fingerprint()), Request.builder("Test.echo")
                    .body("direct".getBytes(StandardCharsets.UTF_8)).build()).flatMap(Reply::bodyAsString).block(WAIT);
            assertThat(direct).isEqualTo("direct");
            String routed = client.request(Request.builder("Test.echo").body("routed".getBytes(StandardCharsets.UTF_8)).build())
                    .flatMap(Reply::bodyAsString).block(WAIT);
            assertThat(routed).isEqualTo("routed");
        }
    }

    /**
     * The Perl requester's way: its connection manager takes only a {@code scamp+tls} address from
     * the record, then it sends its body in 1 KiB DATA packets, queued whole, and drops the
     * connection on a PING ({@link RawMessages#read} fails on one).
     */
    @Test
    void aPerlStyleRequesterReachesTheServiceThroughItsScampTlsRecord() throws Exception {
        Path cache = dir.resolve("discovery_cache");
        try (TestService service = TestService.start(b -> b.addressScheme("scamp+tls").announcer(new CacheFileAnnouncer(cache)))) {
            AnnouncementRecord record = CacheFileReader.read(cache).records().get(0);
            assertThat(java.net.URI.create(record.address()).getScheme()).as("the one scheme Perl's connection manager maps")
                    .isEqualTo("scamp+tls");
            long size = 256 * 1024;
            try (HostilePeers.Peer peer = HostilePeers.connect(Endpoint.of(record.address(), record.fingerprint()))) {
                RawMessages.Received reply = HostilePeers.onThread("perl-requester", () -> {
                    java.io.OutputStream out = peer.out();
                    RawMessages.write(out, HostilePeers.requestHeader(0, "Test.echo", 1));
                    RawMessages.writeBody(out, 0, size, RawMessages.fixed(1024), written -> { });
                    return RawMessages.read(new HostilePeers.PacketReader(peer.in()), out, 0, acked -> { });
                }).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

                assertThat(reply.end()).as("how the reply ended: %s", reply).isEqualTo(RawMessages.End.EOF);
                assertThat(reply.bytes()).isEqualTo(size);
                assertThat(reply.header()).contains("\"request_id\":1");
            }
        }
    }

    @Test
    void theConfigurationChoosesTheSchemeAndTheDefaultIsBeepish() {
        assertThat(ScampConfig.embeddedDefault().addressScheme()).isEqualTo("beepish+tls");
        ScampConfig older = ScampConfig.parse(Path.of("scamp.conf"), "service.address_scheme = scamp+tls\n");
        RunningService running = ScampService.builder().name("older").identity(TestService.identity()).config(older)
                .bindAddress("127.0.0.1").port(0).build().start().block(WAIT);
        try {
            assertThat(running.address()).startsWith("scamp+tls://127.0.0.1:");
        } finally {
            running.stop().block(WAIT);
        }
        RunningService current = ScampService.builder().name("current").identity(TestService.identity())
                .config(ScampConfig.embeddedDefault()).bindAddress("127.0.0.1").port(0).build().start().block(WAIT);
        try {
            assertThat(current.address()).startsWith("beepish+tls://127.0.0.1:");
        } finally {
            current.stop().block(WAIT);
        }
    }

    @Test
    void anotherSchemeIsRefusedWithItsOrigin() {
        ScampConfig wrong = ScampConfig.parse(Path.of("scamp.conf"), "service.address_scheme = https\n");
        assertThatThrownBy(wrong::addressScheme).isInstanceOf(ConfigException.class)
                .hasMessage("scamp.conf: service.address_scheme = https is not beepish+tls or scamp+tls");
        assertThatThrownBy(() -> ScampService.builder().config(wrong)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ScampService.builder().addressScheme("scamp+tls://")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be beepish+tls or scamp+tls, not scamp+tls://");
    }
}
