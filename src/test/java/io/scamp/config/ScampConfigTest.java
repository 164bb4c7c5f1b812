package io.scamp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration file rules of SCAMP.md §9. */
class ScampConfigTest {

    @Test
    void realConfigurationLoadsWithUnknownKeysKept() {
        ScampConfig config = ScampConfig.load(Path.of("../shared/fixtures/interop/rs-soa.conf"));

        assertThat(config.problems()).isEmpty();
        assertThat(config.get("bus.address")).contains("if:eth0");
        assertThat(config.authorizedServicesPath()).isEqualTo(Path.of("/etc/GT/authorized_services"));
        assertThat(config.authorizedServicesConfigured()).isTrue();
        assertThat(config.cachePath()).isEqualTo(Path.of("/backplane/discovery/discovery"));
        assertThat(config.get("http.listener.1.groups")).contains("barsector,bazsector");
        assertThat(config.getInt("worker.limit", 0)).isEqualTo(2);
        assertThat(config.isEmbeddedDefault()).isFalse();
    }

    @Test
    void commentsTrimmingFirstWinsAndBadLinesReportedWithTheirNumber() {
        ScampConfig config = ScampConfig.parse(Path.of("test.conf"), String.join("\n",
                "# a comment",
                "  rpc.timeout =  30   # trailing comment",
                "rpc.timeout = 99",
                "this line has no equals sign",
                "",
                "flow.max_inflight=131072",
                "empty.value ="));

        assertThat(config.rpcTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxInflight()).isEqualTo(131072);
        assertThat(config.get("empty.value")).contains("");
        assertThat(config.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.file()).isEqualTo(Path.of("test.conf"));
            assertThat(p.toString()).startsWith("test.conf:4: no '='");
        });
    }

    @Test
    void windowLimitsDefaultReadAndRefuseWhatCannotWork() {
        ScampConfig empty = ScampConfig.parse(Path.of("empty.conf"), "");
        io.scamp.connection.WindowLimits defaults = io.scamp.connection.WindowLimits.defaults();
        assertThat(empty.adaptiveWindow()).isEqualTo(defaults.adaptive());
        assertThat(empty.maxWindow()).isEqualTo(defaults.maxWindow());
        assertThat(empty.connectionWindow()).isEqualTo(defaults.connectionWindow());
        ScampConfig set = ScampConfig.parse(Path.of("w.conf"), "flow.adaptive = no\nflow.max_window = 1048576\n");
        assertThat(set.adaptiveWindow()).isFalse();
        assertThat(set.maxWindow()).isEqualTo(1 << 20);
        assertThat(set.connectionWindow()).as("four times the window by default").isEqualTo(4L << 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScampConfig.parse(Path.of("w.conf"), "flow.adaptive = maybe").adaptiveWindow())
                .isInstanceOf(ConfigException.class).hasMessageContaining("flow.adaptive");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScampConfig.parse(Path.of("w.conf"),
                        "flow.max_window = 1048576\nflow.connection_window = 1000").connectionWindow())
                .isInstanceOf(ConfigException.class).hasMessageContaining("flow.connection_window");
    }

    @Test
    void defaultsFollowTheSpec() {
        ScampConfig config = ScampConfig.parse(Path.of("empty.conf"), "");

        assertThat(config.firstPort()).isEqualTo(30100);
        assertThat(config.lastPort()).isEqualTo(30399);
        assertThat(config.bindTries()).isEqualTo(20);
        assertThat(config.clientTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.serverTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.rpcTimeout()).isEqualTo(Duration.ofSeconds(75));
        assertThat(config.maxInflight()).isEqualTo(65536);
        assertThat(config.multicastAddress()).isEqualTo("239.63.248.106");
        assertThat(config.discoveryPort()).isEqualTo(5555);
        assertThat(config.cacheMaxAge()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void embeddedDefaultUsesLoopbackAndTheStateDirectory() {
        ScampConfig config = ScampConfig.embeddedDefault();

        assertThat(config.serviceAddress()).isEqualTo("127.0.0.1");
        assertThat(config.cachePath()).isEqualTo(StateDirectory.resolve().resolve("discovery_cache"));
        assertThat(config.authorizedServicesPath()).isEqualTo(StateDirectory.resolve().resolve("authorized_services"));
        assertThat(config.authorizedServicesConfigured()).isFalse();
    }

    @Test
    void overridesWinAndInterfacesResolve() {
        ScampConfig config = ScampConfig.parse(Path.of("x.conf"), "bus.address = if:lo\nrpc.timeout = 5").with("rpc.timeout", "7");

        assertThat(config.rpcTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.serviceAddress()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> ScampConfig.resolveAddress("if:no-such-nic0")).isInstanceOf(ConfigException.class).hasMessageContaining("no-such-nic0");
        assertThatThrownBy(() -> ScampConfig.parse(Path.of("y.conf"), "rpc.timeout = soon").rpcTimeout())
                .isInstanceOf(ConfigException.class).hasMessageContaining("y.conf").hasMessageContaining("rpc.timeout = soon");
        assertThatThrownBy(() -> ScampConfig.parse(Path.of("y.conf"), "beepish.handshake_timeout = 0").handshakeTimeout())
                .isInstanceOf(ConfigException.class).hasMessageContaining("y.conf").hasMessageContaining("beepish.handshake_timeout = 0");
        assertThatThrownBy(() -> ScampConfig.load(Path.of("/nonexistent/scamp.conf"))).isInstanceOf(ConfigException.class).hasMessageContaining("/nonexistent/scamp.conf");
    }

    @Test
    void aPathThatCannotBeOneIsAConfigException() {
        ScampConfig config = ScampConfig.parse(Path.of("z.conf"),
                "discovery.cache_path = /var/\0cache\nbus.authorized_services = a\0b\nweb.soa_key = k\0.key\nweb.cert = c\0.crt\nticket.verify_key = key\0.pem");

        for (Runnable accessor : new Runnable[] {config::cachePath, config::authorizedServicesPath, () -> config.serviceKey("web"),
                () -> config.serviceCertificate("web"), () -> io.scamp.auth.TicketVerifier.keyPath(config)}) {
            assertThatThrownBy(accessor::run).isInstanceOf(ConfigException.class).hasMessageContaining("z.conf").hasMessageContaining("is not a path");
        }
        assertThat(ScampConfig.parse(Path.of("z.conf"), "web.key = /etc/web.key").serviceKey("web")).contains(Path.of("/etc/web.key"));
    }
}
