package io.scamp.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.scamp.message.MessageHeader;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Request;
import io.scamp.message.ScampTimeoutException;
import io.scamp.message.TransportException;
import io.scamp.service.ActionSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The default conventions' key values: every key always present, values from bounded sets
 * whatever a peer sends (error codes past the bound, unknown envelopes and actions), and the
 * error code of each kind of failure.
 */
class ScampObservationConventionTest {
    private static final String ADDRESS = "beepish+tls://127.0.0.1:30101";

    private static Map<String, String> values(KeyValues keyValues) {
        return StreamSupport.stream(keyValues.spliterator(), false).collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    private static MessageHeader errorReply(String code) {
        return MessageHeader.builder().type(MessageHeader.TYPE_REPLY).errorCode(code).error("failed").build();
    }

    @Test
    void everyDocumentedLowCardinalityKeyIsPresentOnBothSidesBeforeAndAfterTheCall() {
        ScampClientContext client = new ScampClientContext(Request.json("Greeter.hello", "Ada"), ADDRESS);
        ScampServerContext server = new ScampServerContext(Request.json("Greeter.hello", "Ada").header(), null);
        String[] documented = Arrays.stream(ScampObservationDocumentation.CLIENT_REQUEST.getLowCardinalityKeyNames())
                .map(KeyName::asString).toArray(String[]::new);

        Map<String, String> atStart = values(new DefaultScampClientObservationConvention().getLowCardinalityKeyValues(client));
        assertThat(atStart).containsOnlyKeys(documented).containsEntry("outcome", "unknown").containsEntry("error_code", "none");
        assertThat(values(new DefaultScampServerObservationConvention().getLowCardinalityKeyValues(server))).containsOnlyKeys(documented);

        client.setResponse(MessageHeader.builder().type(MessageHeader.TYPE_REPLY).build());
        assertThat(values(new DefaultScampClientObservationConvention().getLowCardinalityKeyValues(client)))
                .containsOnlyKeys(documented).containsEntry("outcome", "ok").containsEntry("error_code", "none");
        assertThat(values(new DefaultScampClientObservationConvention().getHighCardinalityKeyValues(client)))
                .containsOnlyKeys(Arrays.stream(ScampObservationDocumentation.CLIENT_REQUEST.getHighCardinalityKeyNames())
                        .map(KeyName::asString).toArray(String[]::new))
                .containsEntry("address", ADDRESS);
        assertThat(new DefaultScampServerObservationConvention().getHighCardinalityKeyValues(server)).isEmpty();
    }

    @Test
    void errorCodesPastTheBoundAndOverlongOnesAreRecordedAsOther() {
        DefaultScampServerObservationConvention convention = new DefaultScampServerObservationConvention();
        ScampServerContext context = new ScampServerContext(Request.json("Greeter.hello", "Ada").header(), null);
        for (int i = 0; i < KeyValueRules.MAX_ERROR_CODES; i++) {
            context.setResponse(errorReply("code_" + i));
            assertThat(values(convention.getLowCardinalityKeyValues(context))).containsEntry("error_code", "code_" + i);
        }
        context.setResponse(errorReply("one_too_many"));
        assertThat(values(convention.getLowCardinalityKeyValues(context))).containsEntry("error_code", "other");
        context.setResponse(errorReply("code_7"));
        assertThat(values(convention.getLowCardinalityKeyValues(context))).as("one seen before the bound").containsEntry("error_code", "code_7");

        DefaultScampServerObservationConvention fresh = new DefaultScampServerObservationConvention();
        context.setResponse(errorReply("x".repeat(BoundedValues.MAX_LENGTH + 1)));
        assertThat(values(fresh.getLowCardinalityKeyValues(context))).containsEntry("error_code", "other");
        context.setResponse(MessageHeader.builder().type(MessageHeader.TYPE_REPLY).error("text without a code").build());
        assertThat(values(fresh.getLowCardinalityKeyValues(context))).containsEntry("error_code", "generic");
    }

    @Test
    void aClientsActionsPastTheBoundAreRecordedAsOther() {
        DefaultScampClientObservationConvention convention = new DefaultScampClientObservationConvention();
        for (int i = 0; i < KeyValueRules.MAX_CLIENT_ACTIONS; i++) {
            ScampClientContext context = new ScampClientContext(Request.json("Svc.action" + i, "x"), ADDRESS);
            assertThat(values(convention.getLowCardinalityKeyValues(context))).containsEntry("action", "Svc.action" + i);
        }
        ScampClientContext past = new ScampClientContext(Request.json("Svc.forwarded.by.a.gateway", "x"), ADDRESS);
        assertThat(values(convention.getLowCardinalityKeyValues(past))).containsEntry("action", "other");
    }

    @Test
    void theBoundHoldsForManyThreadsAddingAtOnce() throws Exception {
        BoundedValues values = new BoundedValues(8);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int offset = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    values.bound("v" + ((i * 7 + offset) % 100));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(values.size()).isLessThanOrEqualTo(8);
        for (int i = 0; i < 8; i++) {
            values.bound("w" + i); // fills whatever room a race left
        }
        assertThat(values.size()).isEqualTo(8);
        assertThat(values.bound("v-new")).isEqualTo(BoundedValues.OTHER);
    }

    @Test
    void envelopesAreTheThreeSCAMPDefinesOrOther() {
        assertThat(KeyValueRules.envelope(null)).isEqualTo("json");
        assertThat(KeyValueRules.envelope("jsonstore")).isEqualTo("jsonstore");
        assertThat(KeyValueRules.envelope("extdirect")).isEqualTo("extdirect");
        assertThat(KeyValueRules.envelope("extdirect-2")).isEqualTo("other");
    }

    @Test
    void aFailureWithoutAReplyGivesTheErrorCodeAndTheMetricsOutcomeOfItsKind() {
        DefaultScampClientObservationConvention convention = new DefaultScampClientObservationConvention();
        Map<Throwable, String> expected = Map.of(
                new RemoteActionException("busy", "full", null), "busy",
                new ScampTimeoutException("Greeter.hello", Duration.ofSeconds(1)), "timeout",
                new TransportException("lost", false), "transport",
                new CancellationException("cancelled"), "cancelled",
                new IllegalArgumentException("header too large"), "other");
        Map<String, String> outcomes = Map.of("busy", "error", "timeout", "timeout", "transport", "transport", "cancelled", "cancelled",
                "other", "failed");
        expected.forEach((failure, code) -> {
            ScampClientContext context = new ScampClientContext(Request.json("Greeter.hello", "Ada"), ADDRESS);
            context.setError(failure);
            assertThat(values(convention.getLowCardinalityKeyValues(context))).as(failure.toString())
                    .containsEntry("error_code", code).containsEntry("outcome", outcomes.get(code));
        });
    }

    @Test
    void aServiceRecordsTheRegisteredNameAndVersionNeverTheOnesSent() {
        ActionSpec spec = new ActionSpec("Greeter.hello", 2, Set.of(), request -> Mono.empty());
        MessageHeader sent = MessageHeader.builder().type(MessageHeader.TYPE_REQUEST).action("GREETER.HELLO").version(2).build();
        ScampServerContext context = new ScampServerContext(sent, spec);
        DefaultScampServerObservationConvention convention = new DefaultScampServerObservationConvention();

        assertThat(values(convention.getLowCardinalityKeyValues(context)))
                .containsEntry("action", "Greeter.hello").containsEntry("version", "2").containsEntry("side", "service");
        assertThat(convention.getContextualName(context)).isEqualTo("Greeter.hello");
        assertThat(convention.supportsContext(context)).isTrue();
        assertThat(convention.supportsContext(new ScampClientContext(Request.json("Greeter.hello", "Ada"), ADDRESS))).isFalse();
    }

    @Test
    void thePropagationFieldsAreStringHeaderFields() {
        ScampClientContext client = new ScampClientContext(Request.json("Greeter.hello", "Ada"), ADDRESS);
        client.getSetter().set(client.getCarrier(), "traceparent", "00-abc-def-01");
        assertThat(client.getCarrier().build().extras().get("traceparent").textValue()).isEqualTo("00-abc-def-01");
        assertThat(client.request().header().extras()).as("the application's request is left as it was").isEmpty();

        MessageHeader received = client.getCarrier().extra("tracestate", com.fasterxml.jackson.databind.node.IntNode.valueOf(3)).build();
        ScampServerContext server = new ScampServerContext(received, null);
        assertThat(server.getGetter().get(server.getCarrier(), "traceparent")).isEqualTo("00-abc-def-01");
        assertThat(server.getGetter().get(server.getCarrier(), "tracestate")).as("not a string: absent").isNull();
        assertThat(server.getGetter().get(server.getCarrier(), "baggage")).isNull();
    }
}
