package io.scamp.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.scamp.auth.TicketVerifier;
import io.scamp.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link ScampConfig#parse} with arbitrary text, then asks the configuration everything
 * a client, a service and the tools ask. The contract: parsing never fails (bad lines become
 * {@link ScampConfig#problems()}); keys and values are trimmed, keys non-empty and free of
 * {@code =} and {@code #}; every accessor gives its value or a {@link ConfigException}.
 */
class ScampConfigFuzzTest {
    private static final Path FILE = Path.of("fuzz.conf");

    static Stream<Arguments> interopConfig() {
        return Fuzzing.seeds(List.of(Fuzzing.fixture("rs-soa.conf")));
    }

    @MethodSource("interopConfig")
    @FuzzTest
    @Timeout(10)
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ScampConfig config = Fuzzing.allocatingAtMost(8L * 1024 * 1024 + 256L * input.length,
                "parsing " + input.length + " bytes of configuration", () -> ScampConfig.parse(FILE, text));
        assertThat(config.source()).contains(FILE);
        int lines = text.split("\r?\n", -1).length;
        for (ConfigProblem problem : config.problems()) {
            assertThat(problem.toString()).isNotNull();
        }
        assertThat(config.problems()).hasSizeLessThanOrEqualTo(lines);
        for (Map.Entry<String, String> e : config.values().entrySet()) {
            assertThat(e.getKey()).isNotEmpty().isEqualTo(e.getKey().trim()).doesNotContain("=", "#");
            assertThat(e.getValue()).isEqualTo(e.getValue().trim()).doesNotContain("#");
            assertThat(config.get(e.getKey())).contains(e.getValue());
            typed(() -> config.getInt(e.getKey(), 0));
            typed(() -> config.getSeconds(e.getKey(), 0));
            typed(() -> config.serviceKey(e.getKey()));
            typed(() -> config.serviceCertificate(e.getKey()));
            typed(() -> ScampConfig.resolveAddress(e.getValue()));
        }
        List<Supplier<Object>> accessors = List.of(config::firstPort, config::lastPort, config::bindTries,
                config::clientTimeout, config::serverTimeout, config::handshakeTimeout, config::rpcTimeout, config::maxInflight,
                config::multicastAddress, config::discoveryPort, config::cacheMaxAge, config::cachePath,
                config::authorizedServicesPath, config::authorizedServicesConfigured, config::serviceAddress,
                config::discoveryAddress, () -> config.serviceKey("service"), () -> config.serviceCertificate("service"),
                () -> TicketVerifier.keyPath(config), () -> config.with("rpc.timeout", "1").rpcTimeout());
        for (Supplier<Object> accessor : accessors) {
            typed(accessor);
        }
    }

    /** Runs an accessor; a ConfigException is its typed failure, anything else escapes. */
    private static void typed(Supplier<?> accessor) {
        try {
            accessor.get();
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isNotNull();
        }
    }
}
