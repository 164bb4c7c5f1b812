package io.scamp.bench;

import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.TestService;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;

/** Ad-hoc: small-request rate in one JVM. Args: count, concurrency. */
public final class QuickRate {
    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        try (TestService service = TestService.start(); ScampClient client = ScampClient.create()) {
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                Long ok = Flux.range(0, count)
                        .flatMap(i -> client.request(service.endpoint(), Request.builder("Test.echo").body(("r" + i).getBytes(StandardCharsets.UTF_8)).build())
                                .flatMap(Reply::bodyAsString), concurrency)
                        .count().block();
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%d requests in %.2f s: %.0f/s%n", ok, s, ok / s);
            }
        }
    }
}
