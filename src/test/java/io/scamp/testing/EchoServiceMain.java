package io.scamp.testing;

import io.scamp.message.Reply;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.tls.ServiceIdentity;
import reactor.core.publisher.Mono;

/**
 * A standalone echo service for tests that need a separate, heap-limited JVM. Prints
 * {@code ADDRESS FINGERPRINT} on one line when ready and serves until stdin closes.
 */
public final class EchoServiceMain {
    private EchoServiceMain() {
    }

    public static void main(String[] args) throws Exception {
        RunningService running = ScampService.builder()
                .name("echo-main")
                .identity(ServiceIdentity.generate("echo-main"))
                .port(0)
                .receiveStallTimeout(java.time.Duration.ofSeconds(Long.getLong("scamp.test.stallSeconds", 60)))
                .action("Test.echo", 1, req -> Mono.just(Reply.of(req.body())))
                .build().start().block();
        System.out.println(running.address() + " " + running.fingerprint());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our stdin
        }
        running.stop().block();
    }
}
