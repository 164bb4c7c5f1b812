package io.scamp.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link ScampClient#subscribe}'s documented argument checks, made before anything connects. */
class SubscribeArgumentsTest {
    private final Endpoint nobody = Endpoint.of("beepish+tls://127.0.0.1:1", null);

    @Test
    void noCodeOrANullCodeIsAnIllegalArgument() {
        try (ScampClient client = ScampClient.builder().build()) {
            assertThatThrownBy(() -> client.subscribe(nobody)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least one code");
            assertThatThrownBy(() -> client.subscribe(nobody, "stock", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("null");
            assertThatThrownBy(() -> client.subscribe(null, "stock")).isInstanceOf(NullPointerException.class);
        }
    }
}
