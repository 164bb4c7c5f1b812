package io.scamp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void anIpv6LiteralIsBracketedAndEverythingElseIsNot() {
        assertThat(HostPort.of("127.0.0.1", 30101)).isEqualTo("127.0.0.1:30101");
        assertThat(HostPort.of("svc.example", 443)).isEqualTo("svc.example:443");
        assertThat(HostPort.of("::1", 30101)).isEqualTo("[::1]:30101");
        assertThat(HostPort.of("fe80::1%eth0", 8080)).isEqualTo("[fe80::1%eth0]:8080");
    }
}
