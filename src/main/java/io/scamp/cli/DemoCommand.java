package io.scamp.cli;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.tls.ServiceIdentity;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code scamp demo}: with no configuration and only loopback, starts a service in-process
 * with a generated identity and shows the library at work — a JSON call, a large streamed
 * round trip, many concurrent small requests, and a failing action's typed error.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Show the library at work on loopback.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--mib", defaultValue = "256", description = "Size of the streamed round trip in MiB (default ${DEFAULT-VALUE}).")
    int mib;

    @Option(names = "--requests", defaultValue = "10000", description = "Concurrent small requests (default ${DEFAULT-VALUE}).")
    int requests;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        out.println("scamp demo: a service and a client on loopback, over TLS, in this process");
        ServiceIdentity identity = ServiceIdentity.generate("scamp-demo");
        RunningService service = BuiltinActions.register(ScampService.builder()
                        .name("scamp-demo")
                        .identity(identity)
                        .bindAddress("127.0.0.1")
                        .port(0)
                        .action("Demo.greet", 1, req -> req.bodyAsJson(Map.class)
                                .map(m -> Reply.json(Map.of("greeting", "Hello, " + m.get("name") + "!"))))
                        .action("Demo.fail", 1, req -> Mono.error(
                                new RemoteActionException("demo_failure", "this action always fails", null))))
                .build().start().block();
        out.printf("  service %s listening at %s%n  fingerprint %s%n%n", service.ident(), service.address(), service.fingerprint());
        Endpoint target = Endpoint.of(service.address(), service.fingerprint());
        try (ScampClient client = ScampClient.create()) {
            jsonCall(client, target);
            streamedRoundTrip(client, target);
            concurrentRequests(client, target);
            failingAction(client, target);
            out.println("demo finished");
            return ExitCodes.OK;
        } catch (DemoFailure e) {
            System.err.println("scamp demo failed: " + e.getMessage());
            return ExitCodes.TRANSPORT;
        } finally {
            service.stop().block(Duration.ofSeconds(30));
        }
    }

    private void jsonCall(ScampClient client, Endpoint target) {
        out.println("1. JSON call: Demo.greet {\"name\":\"Ada\"}");
        Map<?, ?> answer = client.requestJson(target, "Demo.greet", Map.of("name", "Ada"), Map.class).block();
        out.printf("   -> %s%n%n", answer);
        check("Hello, Ada!".equals(answer.get("greeting")), "unexpected greeting " + answer);
    }

    private void streamedRoundTrip(ScampClient client, Endpoint target) {
        long size = mib * 1024L * 1024L;
        out.printf("2. Streamed round trip: %d MiB through Scamp.echo, never held in memory%n", mib);
        CRC32 sent = new CRC32();
        CRC32 received = new CRC32();
        long t0 = System.nanoTime();
        Long echoed = client.request(target, Request.of("Scamp.echo",
                        BuiltinActions.pattern(size).doOnNext(b -> sent.update(b.duplicate()))))
                .flatMap(reply -> reply.body().reduce(0L, (n, b) -> {
                    int length = b.remaining();
                    received.update(b);
                    return n + length;
                }))
                .block();
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("   -> %d bytes back in %.2f s: %.0f MiB/s each way, CRC32 %08x%n%n", echoed, seconds, mib / seconds, received.getValue());
        check(echoed == size && sent.getValue() == received.getValue(), "echoed body differs from what was sent");
    }

    private void concurrentRequests(ScampClient client, Endpoint target) {
        out.printf("3. %d concurrent small requests on one connection%n", requests);
        long t0 = System.nanoTime();
        List<Boolean> matched = Flux.range(0, requests)
                .flatMap(i -> client.request(target, Request.builder("Scamp.echo").body(("request " + i).getBytes(StandardCharsets.UTF_8)).build())
                        .flatMap(Reply::bodyAsString)
                        .map(body -> body.equals("request " + i)), requests)
                .collectList()
                .block();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long ok = matched.stream().filter(b -> b).count();
        out.printf("   -> %d of %d answered with their own body in %.2f s: %.0f requests/s%n%n", ok, requests, seconds, requests / seconds);
        check(ok == requests, (requests - ok) + " replies did not match their request");
    }

    private void failingAction(ScampClient client, Endpoint target) {
        out.println("4. A failing action: Demo.fail");
        try {
            client.request(target, Request.json("Demo.fail", Map.of())).block();
            throw new DemoFailure("Demo.fail did not fail");
        } catch (RemoteActionException e) {
            out.printf("   -> %s: error_code=%s error=\"%s\"%n%n", e.getClass().getSimpleName(), e.errorCode(), e.error());
        }
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            throw new DemoFailure(failure);
        }
    }

    private static final class DemoFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoFailure(String message) {
            super(message);
        }
    }

}
