package io.scamp.cli;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Request;
import io.scamp.message.ScampException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * {@code scamp request ACTION}: streams a request body from an argument, a file or stdin and
 * the reply body raw to stdout. Exit 0 on success, 3 when the action answered with an error
 * ({@code error_code: error} on stderr), 4 on a transport or protocol failure, 2 on bad usage.
 */
@Command(name = "request", description = "Send one request and stream the reply body to stdout.")
final class RequestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "ACTION", description = "Action name, e.g. Scamp.echo.")
    String action;

    @Option(names = "--version", defaultValue = "1", description = "Action version (default ${DEFAULT-VALUE}).")
    int version;

    @Option(names = "--envelope", defaultValue = "json", description = "Envelope (default ${DEFAULT-VALUE}).")
    String envelope;

    /** {@code --address} (without it the request is routed through the directory) and {@code --fingerprint}. */
    @picocli.CommandLine.Mixin
    EndpointOptions target;

    @Option(names = "--ticket", paramLabel = "TICKET|@FILE", description = "Ticket to send, or @FILE holding it.")
    String ticket;

    @Option(names = "--identifying-token", paramLabel = "TOKEN", description = "Identifying token to send.")
    String identifyingToken;

    @Option(names = "--sector", description = "Sector to route in (default main).")
    String sector;

    @picocli.CommandLine.Mixin
    DirectoryOptions directory;


    @Option(names = "--timeout", description = "Seconds to wait for the reply (default 75).")
    Long timeoutSeconds;

    @ArgGroup(exclusive = true)
    Body body;

    static final class Body {
        @Option(names = "--data", description = "Request body text.")
        String text;

        @Option(names = "--data-file", description = "Request body file; - reads stdin.")
        String file;
    }

    @Override
    public Integer call() {
        Endpoint endpoint = target.endpoint(spec, " (routed requests pin the announced fingerprint)");
        if (body != null && body.file != null && !"-".equals(body.file) && !java.nio.file.Files.isReadable(java.nio.file.Path.of(body.file))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read --data-file " + body.file);
        }
        // Text and a file can be read again for a retry elsewhere; stdin cannot.
        boolean replayable = body == null || body.text != null || !"-".equals(body.file);
        Request.Builder request = Request.builder(action).version(version).envelope(envelope).body(requestBody(), replayable);
        if (sector != null) {
            request.sector(sector);
        }
        if (ticket != null) {
            request.ticket(TicketArgument.read(ticket, spec));
        }
        if (identifyingToken != null) {
            request.identifyingToken(identifyingToken);
        }
        if (timeoutSeconds != null) {
            if (timeoutSeconds <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be a positive number of seconds");
            }
            request.timeout(Duration.ofSeconds(timeoutSeconds));
        }
        return endpoint != null ? send(endpoint, request.build()) : route(request.build());
    }

    private int send(Endpoint endpoint, Request request) {
        try (ScampClient client = ScampClient.create()) {
            client.request(endpoint, request).flatMap(reply -> StdoutSink.write(reply.body())).block();
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            return report(Exceptions.unwrap(e));
        }
    }

    private int route(Request request) {
        io.scamp.config.ScampConfig config = directory.config();
        try (io.scamp.discovery.ServiceDirectory services = directory.directory(config);
             ScampClient client = ScampClient.builder().config(config).directory(services).build()) {
            // A cache file answers at once; multicast needs up to two announce intervals to hear everyone.
            String routeSector = request.header().sector() == null ? "main" : request.header().sector();
            Duration patience = directory.multicast ? MulticastOptions.LISTEN : Duration.ofSeconds(5);
            try {
                services.snapshots()
                        .filter(t -> !t.lookup(routeSector, request.action(), request.version(), request.envelope()).isEmpty())
                        .blockFirst(patience);
            } catch (IllegalStateException timedOut) {
                // not found in time: the request fails below with ServiceNotFoundException naming the key
            }
            client.request(request).flatMap(reply -> StdoutSink.write(reply.body())).block();
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            return report(Exceptions.unwrap(e));
        }
    }

    private Flux<ByteBuffer> requestBody() {
        if (body == null) {
            return Flux.empty();
        }
        return body.text != null ? BodySources.text(body.text) : BodySources.file(body.file);
    }

    private static int report(Throwable failure) {
        if (failure instanceof RemoteActionException) {
            RemoteActionException e = (RemoteActionException) failure;
            System.err.println(e.errorCode() + ": " + e.error());
            return ExitCodes.REMOTE_ERROR;
        }
        if (failure instanceof ScampException) {
            System.err.println("scamp: " + failure.getMessage());
            return ExitCodes.TRANSPORT;
        }
        System.err.println("scamp: " + failure);
        return ExitCodes.TRANSPORT;
    }
}
