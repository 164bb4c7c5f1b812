package io.scamp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * The well-behaved client of a hostile-peer test: a {@link ScampClient} of its own (so its own
 * connection) to the attacked service, asserting that every call is answered, and answered right.
 */
public final class LegitClient implements AutoCloseable {
    /** How long one legitimate call may take, attack or not. */
    public static final Duration CALL = Duration.ofSeconds(20);

    private final ScampClient client = ScampClient.create();
    private final Endpoint target;
    private int answered;

    public LegitClient(Endpoint target) {
        this.target = target;
    }

    /**
     * One {@code Test.echo} call, asserted to come back unchanged within {@link #CALL}.
     *
     * @param text what to send
     */
    public void echo(String text) {
        String back = client.request(target, Request.builder("Test.echo").body(text.getBytes(StandardCharsets.UTF_8)).build())
                .flatMap(Reply::bodyAsString).block(CALL);
        assertThat(back).as("legitimate echo").isEqualTo(text);
        answered++;
    }

    /**
     * Calls {@link #echo} in a loop, at least once, until {@code attack} is done.
     *
     * @param attack the attack running meanwhile
     * @param within how long the attack may take to end
     * @return the number of calls answered in this loop
     * @throws AssertionError if a call is not answered right, or the attack still runs after {@code within}
     */
    public int echoUntil(Future<?> attack, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int calls = 0;
        do {
            echo("legit " + calls);
            calls++;
            assertThat(System.nanoTime() - deadline).as("the attack ended within %s", within).isNegative();
        } while (!attack.isDone());
        return calls;
    }

    /**
     * Like {@link #echoUntil}, and asks the service for its {@link #stats()} between calls,
     * keeping the sample with the most live heap: the peak the attack caused, observed while it
     * ran, without waiting for any particular moment of it.
     *
     * @param attack the attack running meanwhile
     * @param within how long the attack may take to end
     * @return the peak sample
     */
    public JsonNode peakStatsUntil(Future<?> attack, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode peak = stats();
        do {
            echo("legit " + answered);
            JsonNode sample = stats();
            if (sample.path("heapUsed").asLong() > peak.path("heapUsed").asLong()) {
                peak = sample;
            }
            assertThat(System.nanoTime() - deadline).as("the attack ended within %s", within).isNegative();
        } while (!attack.isDone());
        return peak;
    }

    /**
     * The service's {@code Test.stats}, after a GC there: {@code heapUsed}, {@code heapMax},
     * {@code nettyDirect}, {@code bodyErrors} (see {@link EchoServiceMain}).
     */
    public JsonNode stats() {
        return client.request(target, Request.builder("Test.stats").body(new byte[0]).build())
                .flatMap(reply -> reply.bodyAsJson(JsonNode.class)).block(CALL);
    }

    /** Calls answered so far, in every loop and single call. */
    public int answered() {
        return answered;
    }

    @Override
    public void close() {
        client.close();
    }
}
