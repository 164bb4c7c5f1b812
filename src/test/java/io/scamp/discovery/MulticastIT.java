package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.discovery.AnnouncementSigner.Announcement;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Multicast announce and observe on loopback (SCAMP.md §7.3). */
class MulticastIT {
    private static final String GROUP = "239.63.248.106";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Announcement announcement(String ident, long intervalMillis) {
        return new Announcement(ident, "main", 1, intervalMillis, "beepish+tls://127.0.0.1:30999", List.of("json"),
                List.of(TestRecords.action("Mc.ping", 1)), System.currentTimeMillis() / 1000.0);
    }

    @Test
    void observerSeesAnAnnouncedServiceThenItsShutdownThenExpiry() throws Exception {
        int port = freeUdpPort();
        MulticastObserver observer = new MulticastObserver(GROUP, port, LOOPBACK);
        MulticastAnnouncer announcer = new MulticastAnnouncer(GROUP, port, LOOPBACK);
        try {
            StepVerifier.create(observer.states().skipWhile(s -> s.records().isEmpty()))
                    .then(() -> announcer.start(announcement("mc:one", 200), TestRecords.identity()))
                    .assertNext(s -> {
                        assertThat(s.records()).singleElement().satisfies(r -> {
                            assertThat(r.ident()).isEqualTo("mc:one");
                            assertThat(r.weight()).isEqualTo(1);
                            assertThat(r.actions()).hasSize(1);
                        });
                        reactor.core.scheduler.Schedulers.boundedElastic().schedule(announcer::draining);
                    })
                    .thenConsumeWhile(s -> s.records().get(0).weight() != 0)
                    .assertNext(s -> {
                        assertThat(s.records()).singleElement().satisfies(r -> {
                            assertThat(r.weight()).isZero();
                            assertThat(r.actions()).isEmpty();
                        });
                        announcer.stop(); // no more announcements: the record expires after interval x 2.1
                    })
                    .assertNext(s -> assertThat(s.records()).isEmpty())
                    .thenCancel()
                    .verify(WAIT);
        } finally {
            announcer.stop();
        }
    }

    @Test
    void repeatsOfAnUnchangedAnnouncementAreNotChanges() throws Exception {
        int port = freeUdpPort();
        MulticastObserver observer = new MulticastObserver(GROUP, port, LOOPBACK);
        MulticastAnnouncer announcer = new MulticastAnnouncer(GROUP, port, LOOPBACK);
        try {
            StepVerifier.create(observer.states().skip(1).take(Duration.ofMillis(1500)))
                    .then(() -> announcer.start(announcement("mc:steady", 100), TestRecords.identity()))
                    .expectNextCount(1)
                    .expectComplete()
                    .verify(WAIT);
        } finally {
            announcer.stop();
        }
    }

    @Test
    void garbageAndForgedDatagramsAreRejectedNotFatal() throws Exception {
        int port = freeUdpPort();
        MulticastObserver observer = new MulticastObserver(GROUP, port, LOOPBACK);
        String forged = AnnouncementSigner.sign(announcement("mc:forged", 5000), TestRecords.identity()).replace("30999", "31000");
        try (DatagramChannel sender = MulticastChannels.sender(LOOPBACK)) {
            java.net.InetSocketAddress to = new java.net.InetSocketAddress(GROUP, port);
            StepVerifier.create(observer.states().filter(s -> s.rejected().size() >= 2).take(1))
                    .then(() -> {
                        send(sender, "not zlib at all".getBytes(), to);
                        send(sender, Datagrams.deflate(forged), to);
                    })
                    .assertNext(s -> {
                        assertThat(s.records()).isEmpty();
                        assertThat(s.rejected().get(0).reason()).contains("not zlib");
                        assertThat(s.rejected().get(1).reason()).contains("does not verify");
                        assertThat(s.rejected().get(1).ident()).isEqualTo("mc:forged");
                    })
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void cacheManagerTurnsAnnouncementsIntoACacheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int port = freeUdpPort();
        java.nio.file.Path cache = dir.resolve("discovery_cache");
        MulticastAnnouncer announcer = new MulticastAnnouncer(GROUP, port, LOOPBACK);
        try (CacheManager manager = CacheManager.start(new MulticastObserver(GROUP, port, LOOPBACK), cache, Duration.ofSeconds(30));
             ServiceDirectory directory = ServiceDirectory.create(List.of(new CacheFileSource(cache, Duration.ofSeconds(120))),
                     AuthorizedServicesSource.fixed(AuthorizedServices.allowAll()))) {
            StepVerifier.create(directory.snapshots().skipWhile(t -> t.services().isEmpty()).take(1))
                    .then(() -> announcer.start(announcement("mc:cached", 1000), TestRecords.identity()))
                    .assertNext(t -> assertThat(t.services()).singleElement().satisfies(s -> {
                        assertThat(s.ident()).isEqualTo("mc:cached");
                        assertThat(s.actions()).hasSize(1);
                    }))
                    .expectComplete()
                    .verify(WAIT);
        } finally {
            announcer.stop();
        }
    }

    @Test
    void inflatingIsBounded() {
        String huge = "x".repeat(Datagrams.MAX_RECORD + 10);
        byte[] bomb = Datagrams.deflate(huge);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Datagrams.inflate(bomb, bomb.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inflates past");
    }

    private static void send(DatagramChannel ch, byte[] bytes, java.net.InetSocketAddress to) {
        try {
            ch.send(ByteBuffer.wrap(bytes), to);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
