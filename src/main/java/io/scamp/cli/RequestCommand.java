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
import reactor.core.scheduler.Schedulers;

/**
 * {@code scamp request ACTION}: streams a request body from an argument, a file or stdin and
 * the reply body raw to stdout. Exit 0 on success, 3 when the action answered with an error
 * ({@code error_code: error} on stderr), 4 on a transport or protocol failure, 2 on bad usage.
 * A progress line on stderr ({@link ProgressMeter}) when stderr is a terminal and stdout is not,
 * or with {@code --progress}; never with {@code --quiet}.
 */
@Command(name = "request", description = "Send one request and stream the reply body to stdout.")
final class RequestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    ScampCommand parent;

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

    @ArgGroup(exclusive = true)
    Progress progress;

    static final class Progress {
        @Option(names = "--progress", description = "Show the progress line on stderr even when it is not a terminal.")
        boolean always;

        @Option(names = {"-q", "--quiet"}, description = "Show no progress line (errors are still printed).")
        boolean never;
    }

    static final class Body {
        @Option(names = "--data", description = "Request body text.")
        String text;

        @Option(names = "--data-file", description = "Request body file; - reads stdin.")
        String file;
    }

    /** What this request moved, for the progress line. */
    private TransferProgress transfer;
    /** The progress line, when it is shown. */
    private volatile ProgressMeter meter;

    @Override
    public Integer call() {
        Endpoint endpoint = target.endpoint(spec, " (routed requests pin the announced fingerprint)");
        if (body != null && body.file != null && !"-".equals(body.file) && !java.nio.file.Files.isReadable(java.nio.file.Path.of(body.file))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read --data-file " + body.file);
        }
        transfer = new TransferProgress(System::nanoTime, requestSize());
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
        Request built = request.build();
        io.scamp.config.ScampConfig config = endpoint == null ? directory.config() : null;
        meter = showProgress() ? ProgressMeter.start(transfer, System.err, Schedulers.parallel()) : null;
        Throwable failure = null;
        try {
            if (endpoint != null) {
                send(endpoint, built);
            } else {
                route(built, config);
            }
        } catch (RuntimeException e) {
            failure = Exceptions.unwrap(e);
        } finally {
            if (meter != null) {
                meter.finish(); // the totals line ends before an error is printed
            }
        }
        return failure == null ? ExitCodes.OK : report(failure);
    }

    /** When stderr is a terminal; {@code --progress} or {@code --quiet} decide otherwise. */
    private boolean showProgress() {
        if (progress != null) {
            return progress.always;
        }
        return terminals().stderr();
    }

    private Terminals terminals() {
        return parent == null ? Terminals.NONE : parent.terminals;
    }

    private void send(Endpoint endpoint, Request request) {
        try (ScampClient client = ScampClient.create()) {
            client.request(endpoint, request).flatMap(reply -> StdoutSink.write(counted(reply.body()))).block();
        }
    }

    private Flux<ByteBuffer> counted(Flux<ByteBuffer> replyBody) {
        boolean replyToTheMetersTerminal = terminals().stdout() && terminals().stderr();
        return replyBody.doOnNext(b -> {
            if (replyToTheMetersTerminal && meter != null) {
                meter.stepAside();
            }
            transfer.down(b.remaining());
            moved();
        });
    }

    private void moved() {
        if (meter != null) {
            meter.moved();
        }
    }

    private void route(Request request, io.scamp.config.ScampConfig config) {
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
            client.request(request).flatMap(reply -> StdoutSink.write(counted(reply.body()))).block();
        }
    }

    /** The request body, counted as the connection takes it (from zero again when a retry reads it anew). */
    private Flux<ByteBuffer> requestBody() {
        Flux<ByteBuffer> source = body == null ? Flux.empty() : body.text != null ? BodySources.text(body.text) : BodySources.file(body.file);
        return Flux.defer(() -> {
            transfer.restartUpload();
            return source;
        }).doOnNext(b -> {
            transfer.up(b.remaining());
            moved();
        });
    }

    /** The request body's size when it is known in advance (text, a regular file), else -1. */
    private long requestSize() {
        if (body == null) {
            return 0;
        }
        if (body.text != null) {
            return body.text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        try {
            java.nio.file.Path file = java.nio.file.Path.of(body.file);
            return !"-".equals(body.file) && java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.size(file) : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
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
