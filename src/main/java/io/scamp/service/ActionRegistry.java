package io.scamp.service;

import io.scamp.connection.RequestDispatcher;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A service's actions, looked up by case-insensitive name and version. Unknown actions get a
 * {@code not_found} error reply (SCAMP.md §6); a handler's unexpected failure gets the reply
 * of the service's {@link ErrorReplyMapper} (the connection logs the failure).
 */
final class ActionRegistry implements RequestDispatcher {
    private final Map<String, ActionSpec> actions;
    /** The same actions by their name as registered, for the usual exact-case call without building a key. */
    private final Map<String, List<ActionSpec>> byExactName = new java.util.HashMap<>();
    private final io.scamp.auth.ServiceAuthorization authorization;
    private final ErrorReplyMapper errorReplies;
    private final HandlerBudget handlers;
    /** Observes each request (tracing); {@code null} without an observation registry. */
    private final DispatchObserver observer;

    ActionRegistry(Collection<ActionSpec> specs, io.scamp.auth.ServiceAuthorization authorization, ErrorReplyMapper errorReplies,
            int maxPerConnection, int maxRunning) {
        this(specs, authorization, errorReplies, maxPerConnection, maxRunning, null);
    }

    ActionRegistry(Collection<ActionSpec> specs, io.scamp.auth.ServiceAuthorization authorization, ErrorReplyMapper errorReplies,
            int maxPerConnection, int maxRunning, DispatchObserver observer) {
        this.observer = observer;
        this.authorization = authorization;
        this.handlers = new HandlerBudget(maxPerConnection, maxRunning);
        this.errorReplies = java.util.Objects.requireNonNull(errorReplies, "errorReplies");
        Map<String, ActionSpec> byKey = new LinkedHashMap<>();
        for (ActionSpec spec : specs) {
            if (byKey.putIfAbsent(spec.key(), spec) != null) {
                throw new IllegalArgumentException("action registered twice: " + spec.name() + " v" + spec.version());
            }
        }
        this.actions = java.util.Collections.unmodifiableMap(byKey);
        for (ActionSpec spec : byKey.values()) {
            byExactName.computeIfAbsent(spec.name(), n -> new java.util.ArrayList<>(1)).add(spec);
        }
    }

    List<ActionSpec> actions() {
        return List.copyOf(actions.values());
    }

    @Override
    public Publisher<Reply> dispatch(Request request) {
        ActionSpec spec = find(request.header());
        return observer == null ? handle(request, spec) : observer.dispatch(request, spec, this);
    }

    /** Answers {@code request} with the handler of {@code spec}, or {@code not_found} when it is {@code null}. */
    Publisher<Reply> handle(Request request, ActionSpec spec) {
        if (spec == null) {
            String name = request.action();
            return Mono.just(Reply.error("not_found", "no such action: " + name + " v" + request.version()));
        }
        Publisher<Reply> reply = authorization == null || spec.flags().contains("noauth")
                ? invoke(spec, request)
                : authorization.check(request, spec.name()).flatMap(ticket -> Mono.from(invoke(spec, request.withVerifiedTicket(ticket))));
        java.util.OptionalInt limit = spec.timeoutSeconds();
        if (limit.isEmpty() || reply == null) {
            return reply;
        }
        int seconds = limit.getAsInt();
        return Mono.from(reply).timeout(java.time.Duration.ofSeconds(seconds), Mono.error(() -> new io.scamp.message.RemoteActionException(
                "timeout", "the action " + spec.name() + " did not answer within its " + seconds + " s (flag t" + seconds + ")", null)));
    }

    /**
     * Calls the handler; what it throws (an {@link Error} too, {@link io.scamp.connection.FatalErrors}
     * aside) becomes that request's failure, here rather than in the caller: inside the
     * authorization's {@code flatMap}, Reactor would rethrow a {@code StackOverflowError} or an
     * {@code ExceptionInInitializerError} on whatever thread verified the ticket.
     */
    private static Publisher<Reply> invoke(ActionSpec spec, Request request) {
        try {
            return spec.handler().handle(request);
        } catch (Throwable e) {
            io.scamp.connection.FatalErrors.rethrowIfFatal(e);
            return Mono.error(e);
        }
    }

    @Override
    public Reply admit(int openOnConnection) {
        return handlers.admit(openOnConnection);
    }

    @Override
    public void handlerFinished() {
        handlers.finished();
    }

    @Override
    public void connectionOpened() {
        handlers.connectionOpened();
    }

    @Override
    public void connectionClosed() {
        handlers.connectionClosed();
    }

    /** Handlers running now, across connections. */
    int running() {
        return handlers.running();
    }

    @Override
    public Reply errorReply(Throwable failure) {
        return errorReplies.toReply(failure);
    }

    /** The action {@code request} names, as {@link #dispatch} finds it, or {@code null}: for the call meters. */
    ActionSpec find(io.scamp.message.MessageHeader request) {
        return request.action() == null ? null : lookup(request.action(), request.version());
    }

    private ActionSpec lookup(String name, int version) {
        for (ActionSpec spec : byExactName.getOrDefault(name, List.of())) {
            if (spec.version() == version) {
                return spec;
            }
        }
        return actions.get(ActionSpec.key(name, version));
    }
}
