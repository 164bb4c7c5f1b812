package io.scamp.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.client.SubscriptionState;
import io.scamp.message.ScampJson;
import io.scamp.message.SubscriptionChange;
import io.scamp.message.SubscriptionRefusedException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reactor.core.Disposable;

/**
 * {@code scamp subscribe CODE...}: one line per change of the data a service publishes under
 * those codes (SCAMP.md §10), the snapshot first, until SIGINT or SIGTERM (exit 0). It
 * reconnects after a loss, as {@link ScampClient#subscribe} does. Exit 3 when the service
 * refuses the filter, 4 when the client fails, 2 on bad usage.
 */
@Command(name = "subscribe", mixinStandardHelpOptions = true,
        description = "Print one line per change of the data a service publishes under CODEs, until interrupted.")
final class SubscribeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CODE", description = "Codes to subscribe to (at most 10), e.g. announce.")
    List<String> codes;

    @Mixin
    EndpointOptions target;

    @Option(names = "--json", description = "One JSON object per line: time, kind, changes and the whole data.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        Endpoint endpoint = target.required(spec);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger(ExitCodes.OK);
        Signals.onTermination(stop::countDown);
        try (ScampClient client = ScampClient.create()) {
            // Printed off the event loop, one state at a time: a slow stdout gets coalesced states and never blocks the loop.
            Disposable subscription = client.subscribe(endpoint, codes.toArray(String[]::new))
                    .publishOn(reactor.core.scheduler.Schedulers.boundedElastic(), 1)
                    .subscribe(state -> {
                System.out.println(json ? json(state) : text(state));
                System.out.flush();
            }, error -> {
                System.err.println("scamp subscribe: " + error.getMessage());
                exit.set(error instanceof SubscriptionRefusedException ? ExitCodes.REMOTE_ERROR : ExitCodes.TRANSPORT);
                stop.countDown();
            });
            stop.await();
            subscription.dispose();
        }
        return exit.get();
    }

    static String json(SubscriptionState state) {
        ObjectNode line = ScampJson.mapper().createObjectNode();
        line.put("time", java.time.Instant.now().toString());
        line.put("kind", state.kind().name().toLowerCase(java.util.Locale.ROOT));
        var changes = line.putArray("changes");
        for (SubscriptionChange c : state.changes()) {
            changes.addObject().put("code", c.code()).put("key", c.key()).set("value", c.value());
        }
        line.set("data", ScampJson.mapper().valueToTree(state.data()));
        return line.toString();
    }

    static String text(SubscriptionState state) {
        StringBuilder out = new StringBuilder(java.time.LocalTime.now().withNano(0).toString());
        out.append(' ').append(state.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (state.changes().isEmpty()) {
            out.append(" (nothing published)");
        }
        for (SubscriptionChange c : state.changes()) {
            out.append(' ').append(c.code()).append('/').append(c.key());
            out.append(c.value() == null ? " deleted" : " = " + c.value());
            out.append(';');
        }
        return out.charAt(out.length() - 1) == ';' ? out.substring(0, out.length() - 1) : out.toString();
    }
}
