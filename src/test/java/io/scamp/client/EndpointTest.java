package io.scamp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Service addresses as announcements write them (SCAMP.md §1). */
class EndpointTest {
    @Test
    void parsesBeepishAndOlderScampSchemes() {
        Endpoint e = Endpoint.of("beepish+tls://10.0.0.5:30123", "aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd");
        assertThat(e.host()).isEqualTo("10.0.0.5");
        assertThat(e.port()).isEqualTo(30123);
        assertThat(e.fingerprint()).isEqualTo("AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD");
        assertThat(Endpoint.of("scamp+tls://localhost:30100", null).address()).isEqualTo("beepish+tls://localhost:30100");
        assertThat(Endpoint.of("beepish+tls://[::1]:30100", null).host()).isEqualTo("::1");
        assertThat(Endpoint.of("beepish+tls://[::1]:30100", null).address()).isEqualTo("beepish+tls://[::1]:30100");
    }

    @Test
    void rejectsOtherSchemesAndMalformedAddresses() {
        for (String bad : new String[] {"http://h:1", "beepish+tls://host", "beepish+tls://:1", "beepish+tls://h:x", "beepish+tls://h:0", "beepish+tls://h:70000"}) {
            assertThatThrownBy(() -> Endpoint.of(bad, null)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFingerprintIsKeptCanonicalAndAMalformedOneIsRefusedAtOnce() {
        String canonical = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD";

        assertThatThrownBy(() -> Endpoint.of("beepish+tls://10.0.0.5:1", "aabbccddeeff00112233445566778899aabbccdd"))
                .as("the colons belong to the form").isInstanceOf(IllegalArgumentException.class);
        assertThat(Endpoint.of("beepish+tls://10.0.0.5:1", " " + canonical + " ").fingerprint()).isEqualTo(canonical);
        assertThat(Endpoint.of("beepish+tls://10.0.0.5:1", "  ").fingerprint()).isNull();
        assertThatThrownBy(() -> Endpoint.of("beepish+tls://10.0.0.5:1", "AA:BB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AA:BB");
        assertThatThrownBy(() -> Endpoint.of("beepish+tls://10.0.0.5:1", canonical.replace('A', 'G')))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
