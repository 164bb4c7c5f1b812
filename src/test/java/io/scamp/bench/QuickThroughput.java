package io.scamp.bench;

import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.TestService;
import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;

/** Ad-hoc: echo throughput in one JVM. Args: MiB, window. */
public final class QuickThroughput {
    public static void main(String[] args) {
        long mib = Long.parseLong(args[0]);
        int window = Integer.parseInt(args[1]);
        try (TestService service = TestService.start(b -> b.maxInflight(window));
             ScampClient client = ScampClient.builder().maxInflight(window).build()) {
            ByteBuffer chunk = ByteBuffer.allocate(128 * 1024);
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                Long n = client.request(service.endpoint(), Request.of("Test.echo",
                                Flux.range(0, (int) (mib * 8)).map(i -> chunk.duplicate())))
                        .flatMap(r -> r.body().map(ByteBuffer::remaining).reduce(0L, (a, b) -> a + b)).block();
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%d MiB echoed in %.2f s: %.1f MiB/s each way%n", n >> 20, s, (n >> 20) / s);
            }
        }
    }
}
