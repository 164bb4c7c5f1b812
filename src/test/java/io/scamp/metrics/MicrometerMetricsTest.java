package io.scamp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import io.scamp.wire.PacketType;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer recorders on their own: tag values stay in their bounded sets whatever the
 * headers say, a client's action tags stop at its limit, gauges of clients sharing a registry
 * add up, and a per-address gauge leaves with its address's last connection.
 */
class MicrometerMetricsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private static MessageHeader request(String action, int version, String envelope) {
        return MessageHeader.builder().type(MessageHeader.TYPE_REQUEST).action(action).version(version).envelope(envelope).build();
    }

    private static MessageHeader errorReply(String code) {
        return MessageHeader.builder().type(MessageHeader.TYPE_REPLY).errorCode(code).error("it failed").build();
    }

    private static final MessageHeader OK = MessageHeader.builder().type(MessageHeader.TYPE_REPLY).build();

    private Set<String> tagValues(String meter, String tag) {
        return registry.find(meter).meters().stream().map(m -> m.getId().getTag(tag)).collect(Collectors.toSet());
    }

    @Test
    void theNoOpRecordsNothingAndMakesNoCallRecorder() {
        ConnectionMetrics none = ScampMetrics.NONE.connection("beepish+tls://127.0.0.1:1");

        assertThat(none).isSameAs(ConnectionMetrics.NONE);
        assertThat(none.call(request("A.b", 1, "json"))).isNull();
        assertThat(none.windowFull()).isZero();
        assertThat(ScampMetrics.NONE.connectStarted()).isZero();
    }

    @Test
    void aClientTagsActionsByNameUpToItsLimitThenAsOther() {
        ConnectionMetrics c = MicrometerMetrics.client(registry, null, 2).connection("beepish+tls://127.0.0.1:1");
        for (String action : new String[] {"A.one", "A.two", "A.three", "A.four", "A.one"}) {
            c.call(request(action, 1, "json")).replied(OK);
        }

        assertThat(tagValues(MeterNames.CALLS, "action")).containsExactlyInAnyOrder("A.one", "A.two", "other");
        Timer other = registry.find(MeterNames.CALLS).tag("action", "other").timer();
        assertThat(other.count()).isEqualTo(2);
        assertThat(other.getId().getTag("version")).isEqualTo("other");
        assertThat(registry.find(MeterNames.CALLS).tag("action", "A.one").timer().count()).isEqualTo(2);
    }

    @Test
    void envelopesAndErrorCodesOutsideTheKnownSetsAreOther() {
        ConnectionMetrics c = MicrometerMetrics.client(registry, null).connection("beepish+tls://127.0.0.1:1");
        c.call(request("A.b", 1, "made-up-envelope")).replied(errorReply("a_code_nobody_knows"));
        c.call(request("A.b", 1, null)).replied(errorReply(null));
        c.call(request("A.b", 1, "jsonstore")).replied(errorReply("not_found"));

        assertThat(tagValues(MeterNames.CALLS, "envelope")).containsExactlyInAnyOrder("other", "json", "jsonstore");
        assertThat(tagValues(MeterNames.CALLS, "error_code")).contains("other", "generic", "not_found")
                .isSubsetOf("none", "other", "generic", "not_found");
        assertThat(registry.find(MeterNames.CALLS).tag("outcome", "error").timers()).hasSize(3);
    }

    @Test
    void aCallEndsOnceAndLeavesTheActiveGauge() {
        ConnectionMetrics c = MicrometerMetrics.client(registry, null).connection("beepish+tls://127.0.0.1:1");
        CallMetrics ok = c.call(request("A.b", 1, "json"));
        CallMetrics failed = c.call(request("A.b", 1, "json"));
        assertThat(registry.find(MeterNames.CALLS_ACTIVE).gauge().value()).isEqualTo(2);

        ok.replied(OK);
        assertThat(registry.find(MeterNames.CALLS_ACTIVE).gauge().value()).as("its body still streams").isEqualTo(2);
        ok.bodyEnded(true);
        ok.bodyEnded(false);
        failed.failed(CallOutcome.TIMEOUT);
        failed.failed(CallOutcome.TRANSPORT);

        assertThat(registry.find(MeterNames.CALLS_ACTIVE).gauge().value()).isZero();
        assertThat(registry.find(MeterNames.CALLS_BODY).tag("outcome", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.find(MeterNames.CALLS_BODY).tag("outcome", "failed").timer()).isNull();
        assertThat(registry.find(MeterNames.CALLS).tag("outcome", "timeout").timer().count()).isEqualTo(1);
        assertThat(registry.find(MeterNames.CALLS).tag("outcome", "transport").timer()).isNull();
    }

    @Test
    void clientsSharingARegistryCountIntoTheSameGaugesAndAnAddressGaugeLeavesWithItsLastConnection() {
        String address = "beepish+tls://127.0.0.1:30100";
        ConnectionMetrics first = MicrometerMetrics.client(registry, null).connection(address);
        ConnectionMetrics second = MicrometerMetrics.client(registry, null).connection(address);
        for (ConnectionMetrics c : new ConnectionMetrics[] {first, second}) {
            c.active();
            c.ready();
        }
        assertThat(registry.find(MeterNames.CONNECTIONS_OPEN).gauge().value()).isEqualTo(2);
        assertThat(registry.find(MeterNames.POOL_CONNECTIONS).tag("address", address).gauge().value()).isEqualTo(2);

        first.closed(CloseCause.LOST, null);
        first.closed(CloseCause.LOST, null);
        assertThat(registry.find(MeterNames.POOL_CONNECTIONS).gauge().value()).isEqualTo(1);
        second.closed(CloseCause.PROTOCOL, new ProtocolException(ProtocolViolation.UNKNOWN_TYPE, "BOGUS"));

        assertThat(registry.find(MeterNames.POOL_CONNECTIONS).meters()).as("gone with the last connection").isEmpty();
        assertThat(RegistryState.of(registry).addresses()).isZero();
        assertThat(registry.find(MeterNames.CONNECTIONS_OPEN).gauge().value()).isZero();
        assertThat(registry.find(MeterNames.CONNECTIONS_CLOSED).tag("cause", "lost").counter().count()).isEqualTo(1);
        assertThat(registry.find(MeterNames.PROTOCOL_VIOLATIONS).tag("kind", "unknown_type").counter().count()).isEqualTo(1);
    }

    /** The shared state is kept per registry while the registry lives: what bounds the number kept. */
    @Test
    void theStateOfARegistryGoesWithTheRegistry() {
        int before = RegistryState.registries();
        java.lang.ref.WeakReference<MeterRegistry> dropped = new java.lang.ref.WeakReference<>(usedRegistry());
        assertThat(RegistryState.registries()).isEqualTo(before + 1);

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while ((dropped.get() != null || RegistryState.registries() > before) && System.nanoTime() < deadline) {
            System.gc(); // what the state waits for: nothing else refers to the registry
        }

        assertThat(dropped.get()).as("the registry was collected").isNull();
        assertThat(RegistryState.registries()).isLessThanOrEqualTo(before);
    }

    private static MeterRegistry usedRegistry() {
        MeterRegistry other = new SimpleMeterRegistry();
        ConnectionMetrics c = MicrometerMetrics.client(other, null).connection("beepish+tls://127.0.0.1:1");
        c.active();
        c.ready();
        c.call(request("A.b", 1, "json")).replied(OK);
        c.closed(CloseCause.LOCAL, null);
        return other;
    }

    @Test
    void aConnectionThatNeverOpenedIsClosedButNeverOpen() {
        ConnectionMetrics c = MicrometerMetrics.client(registry, null).connection("beepish+tls://127.0.0.1:1");
        c.active();
        c.closed(CloseCause.HANDSHAKE, new java.io.IOException("reset"));

        assertThat(registry.find(MeterNames.CONNECTIONS_OPENED).counter().count()).isZero();
        assertThat(registry.find(MeterNames.CONNECTIONS_OPEN).gauge().value()).isZero();
        assertThat(registry.find(MeterNames.CONNECTIONS_CLOSED).tag("cause", "handshake").counter().count()).isEqualTo(1);
        assertThat(registry.find(MeterNames.POOL_CONNECTIONS).meters()).isEmpty();
    }

    @Test
    void packetsAreCountedByTypeAndDataBytesByDirection() {
        ConnectionMetrics c = MicrometerMetrics.client(registry, null).connection("beepish+tls://127.0.0.1:1");
        c.packetSent(PacketType.HEADER, 0);
        c.packetSent(PacketType.DATA, 1000);
        c.packetReceived(PacketType.DATA, 300);
        c.packetReceived(PacketType.DATA, 200);

        assertThat(registry.find(MeterNames.DATA_SENT).counter().count()).isEqualTo(1000);
        assertThat(registry.find(MeterNames.DATA_RECEIVED).counter().count()).isEqualTo(500);
        assertThat(registry.find(MeterNames.PACKETS_RECEIVED).tag("type", "data").counter().count()).isEqualTo(2);
        assertThat(registry.find(MeterNames.PACKETS_SENT).meters().stream().map(Meter::getId).map(id -> id.getTag("type")))
                .containsExactlyInAnyOrder("header", "data");
    }
}
