package io.scamp.testing;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.Request;

/**
 * A standalone client for heap-limited tests: streams {@code BYTES} of the test pattern
 * through {@code Test.echo} at {@code ADDRESS} (pinned to {@code FINGERPRINT}), verifies every
 * byte that comes back, and prints {@code OK <bytes> <max used heap>}.
 */
public final class EchoClientMain {
    private EchoClientMain() {
    }

    public static void main(String[] args) {
        String address = args[0];
        String fingerprint = args[1];
        long bytes = Long.parseLong(args[2]);
        try (ScampClient client = ScampClient.create()) {
            Long echoed = client.request(Endpoint.of(address, fingerprint), Request.of("Test.echo", TestBodies.pattern(bytes, 64 * 1024)))
                    .flatMap(reply -> TestBodies.verifyPattern(reply.body()))
                    .block();
            System.out.println("OK " + echoed + " " + Runtime.getRuntime().maxMemory());
        }
    }
}
