package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.scamp.client.ScampClient;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import io.scamp.testing.LogCapture;
import io.scamp.testing.TestService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What a requester sees, and what the service logs, when an action handler fails: an
 * unexpected exception is logged with its stack trace and answered with a neutral
 * {@code generic} error; a {@code RemoteActionException} is the handler's own answer.
 */
class HandlerErrorsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "db password=hunter2 at 10.0.0.5";
    private static final String NEUTRAL = "internal error in the action handler";

    private TestService service;
    private ScampClient client;
    /** Where handler failures are logged; the expected stack traces stay out of the build output. */
    private LogCapture log;

    @BeforeEach
    void captureLog() {
        log = LogCapture.of("io.scamp.connection.ScampConnection");
    }

    @AfterEach
    void stop() {
        log.close();
        if (client != null) {
            client.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private void start(Consumer<ScampServiceBuilder> actions) {
        service = TestService.start(actions);
        client = ScampClient.create();
    }

    private RemoteActionException failure(String action) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> client.request(service.endpoint(), Request.json(action, Map.of())).block(WAIT))
                .isInstanceOfSatisfying(RemoteActionException.class, e -> caught[0] = e);
        return (RemoteActionException) caught[0];
    }

    /** The records at WARNING or above whose text names {@code action}. */
    private List<LogRecord> warningsAbout(String action) {
        return log.atLeast(Level.WARNING, action);
    }

    private static String text(LogRecord record) {
        return LogCapture.text(record);
    }

    @Test
    void aThrownExceptionIsLoggedAndTheRequesterGetsANeutralText() {
        start(b -> b.action("Trap.ping", 1, req -> {
            throw new IllegalStateException(SECRET);
        }));

        RemoteActionException e = failure("Trap.ping");

        assertThat(e.errorCode()).isEqualTo("generic");
        assertThat(e.error()).isEqualTo(NEUTRAL);
        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("10.0.0.5").doesNotContain("IllegalStateException");
        assertThat(e.errorData()).isNull();
        assertThat(warningsAbout("Trap.ping")).singleElement().satisfies(r -> {
            assertThat(text(r)).contains("Trap.ping v1").contains("[requester 127.0.0.1:");
            assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class).hasMessage(SECRET);
        });
    }

    /**
     * An {@link Error} thrown by a handler as it is called is a bug of that handler like an
     * exception: logged, answered with the neutral {@code generic} reply, and the connection
     * carries on, the request that was open on it when the Error came included.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"StackOverflowError", "AssertionError", "ExceptionInInitializerError", "NoClassDefFoundError"})
    void aThrownErrorFailsOnlyItsRequestAndTheConnectionServesOn(String kind) {
        assertFailsOnlyItsRequest(req -> throwError(kind), kind);
    }

    /** The same for a {@code Mono} that fails as it is subscribed: Reactor rethrows a StackOverflowError from {@code subscribe}. */
    @Test
    void anErrorRethrownAsTheReplyIsSubscribedToFailsOnlyItsRequest() {
        assertFailsOnlyItsRequest(req -> Mono.fromCallable(() -> Reply.json(Map.of("depth", recurse(0)))), "StackOverflowError");
    }

    /**
     * {@code Trap.error}, served by {@code trap} while another request is open on the same
     * connection, gets the neutral reply and is logged with a {@code thrown}; the open request is
     * answered afterwards, and so is a later one.
     */
    private void assertFailsOnlyItsRequest(ActionHandler trap, String thrown) {
        Sinks.Empty<Void> heldStarted = Sinks.empty();
        Sinks.Empty<Void> release = Sinks.empty();
        start(b -> b.action("Trap.error", 1, trap)
                .action("Test.held", 1, req -> {
                    heldStarted.tryEmitEmpty();
                    return release.asMono().then(Mono.just(Reply.json(Map.of("held", true))));
                }));
        Mono<Object> held = client.requestJson(service.endpoint(), "Test.held", Map.of(), Map.class).map(m -> m.get("held")).cache();
        held.subscribe(v -> { }, e -> { });
        heldStarted.asMono().block(WAIT);

        RemoteActionException e = failure("Trap.error");

        assertThat(e.errorCode()).isEqualTo("generic");
        assertThat(e.error()).isEqualTo(NEUTRAL);
        assertThat(warningsAbout("Trap.error")).singleElement()
                .satisfies(r -> assertThat(r.getThrown().getClass().getSimpleName()).isEqualTo(thrown));
        release.tryEmitEmpty();
        assertThat(held.block(WAIT)).as("the request open on the same connection").isEqualTo(true);
        assertThat(countTwoBytes()).as("a later request").isEqualTo(2);
    }

    /**
     * An {@link OutOfMemoryError} thrown by a handler says the JVM is in trouble, not only the
     * handler: it fails the connection it was thrown on (as one in its decoder or writer
     * does), that connection's requests with it, and nothing else.
     */
    @Test
    void anOutOfMemoryErrorFailsItsConnectionOnly() {
        Sinks.Empty<Void> heldStarted = Sinks.empty();
        start(b -> b.action("Trap.oom", 1, req -> {
                    throw new OutOfMemoryError("test: no room for the reply");
                })
                .action("Test.held", 1, req -> {
                    heldStarted.tryEmitEmpty();
                    return Mono.never();
                }));
        Mono<Object> held = client.requestJson(service.endpoint(), "Test.held", Map.of(), Map.class).map(m -> m.get("held")).cache();
        held.subscribe(v -> { }, e -> { });
        heldStarted.asMono().block(WAIT);

        assertThatThrownBy(() -> client.request(service.endpoint(), Request.json("Trap.oom", Map.of())).block(WAIT))
                .isInstanceOf(TransportException.class);
        assertThatThrownBy(() -> held.block(WAIT)).as("the request open on that connection").isInstanceOf(TransportException.class);
        assertThat(countTwoBytes()).as("a new connection is served").isEqualTo(2);
    }

    /** {@code Test.count} of the two bytes {@code {}}: its answer, 2. */
    private Object countTwoBytes() {
        return client.requestJson(service.endpoint(), "Test.count", Map.of(), Map.class).map(m -> m.get("bytes")).block(WAIT);
    }

    private static Publisher<Reply> throwError(String kind) {
        switch (kind) {
            case "StackOverflowError":
                return Mono.just(Reply.json(Map.of("depth", recurse(0)))); // runaway recursion: never returns
            case "AssertionError":
                throw new AssertionError(SECRET);
            case "ExceptionInInitializerError":
                throw new ExceptionInInitializerError(new IllegalStateException(SECRET));
            case "NoClassDefFoundError":
                throw new NoClassDefFoundError("com/example/Missing");
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void anErrorSignalAndANullPublisherAreTreatedTheSame() {
        start(b -> b
                .action("Trap.signal", 2, req -> Mono.error(new IllegalStateException(SECRET)))
                .action("Trap.null", 1, req -> null));

        assertThatThrownBy(() -> client.request(service.endpoint(), Request.builder("Trap.signal").version(2).build()).block(WAIT))
                .isInstanceOfSatisfying(RemoteActionException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("generic");
                    assertThat(e.error()).isEqualTo(NEUTRAL);
                });
        RemoteActionException nulled = failure("Trap.null");

        assertThat(nulled.errorCode()).isEqualTo("generic");
        assertThat(nulled.error()).isEqualTo(NEUTRAL);
        assertThat(warningsAbout("Trap.signal")).singleElement().satisfies(r -> {
            assertThat(text(r)).contains("Trap.signal v2");
            assertThat(r.getThrown()).hasMessage(SECRET);
        });
        assertThat(warningsAbout("Trap.null")).singleElement()
                .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(NullPointerException.class));
    }

    @Test
    void aRemoteActionExceptionPassesThroughAndIsNotLoggedAsAnError() {
        start(b -> b.action("Trap.closed", 1, req -> Mono.error(new RemoteActionException("trap_closed", "the trap is closed",
                JsonNodeFactory.instance.objectNode().put("reopens", "tomorrow")))));

        RemoteActionException e = failure("Trap.closed");

        assertThat(e.errorCode()).isEqualTo("trap_closed");
        assertThat(e.error()).isEqualTo("the trap is closed");
        assertThat(e.errorData().path("reopens").asText()).isEqualTo("tomorrow");
        assertThat(warningsAbout("Trap.closed")).isEmpty();
    }

    @Test
    void exposeMessagesSendsTheTextAndStillLogs() {
        start(b -> b.errorReplies(ErrorReplyMapper.exposeMessages())
                .action("Trap.ping", 1, req -> {
                    throw new IllegalStateException(SECRET);
                })
                .action("Trap.silent", 1, req -> Mono.error(new IllegalStateException())));

        RemoteActionException e = failure("Trap.ping");
        RemoteActionException silent = failure("Trap.silent");

        assertThat(e.errorCode()).isEqualTo("generic");
        assertThat(e.error()).isEqualTo(SECRET);
        assertThat(silent.error()).isEqualTo("java.lang.IllegalStateException");
        assertThat(warningsAbout("Trap.ping")).singleElement().satisfies(r -> assertThat(r.getThrown()).hasMessage(SECRET));
    }

    @Test
    void aCustomMapperChoosesTheReplyButNotForRemoteActionExceptions() {
        start(b -> b.errorReplies(failure -> failure instanceof UnsupportedOperationException
                        ? Reply.error("unsupported", "not supported here") : ErrorReplyMapper.neutral().toReply(failure))
                .action("Trap.unsupported", 1, req -> Mono.error(new UnsupportedOperationException(SECRET)))
                .action("Trap.closed", 1, req -> Mono.error(new RemoteActionException("trap_closed", "the trap is closed", null))));

        RemoteActionException unsupported = failure("Trap.unsupported");
        RemoteActionException closed = failure("Trap.closed");

        assertThat(unsupported.errorCode()).isEqualTo("unsupported");
        assertThat(unsupported.error()).isEqualTo("not supported here");
        assertThat(closed.errorCode()).isEqualTo("trap_closed");
        assertThat(closed.error()).isEqualTo("the trap is closed");
    }

    @Test
    void aMapperThatThrowsOrGivesNullMeansTheNeutralReplyAndIsLogged() {
        start(b -> b.errorReplies(failure -> {
                    if (failure instanceof IllegalStateException) {
                        throw new IllegalArgumentException("the mapper broke");
                    }
                    return null;
                })
                .action("Trap.throwing", 1, req -> Mono.error(new IllegalStateException(SECRET)))
                .action("Trap.nulled", 1, req -> Mono.error(new UnsupportedOperationException(SECRET))));

        RemoteActionException throwing = failure("Trap.throwing");
        RemoteActionException nulled = failure("Trap.nulled");

        assertThat(throwing.errorCode()).isEqualTo("generic");
        assertThat(throwing.error()).isEqualTo(NEUTRAL);
        assertThat(nulled.errorCode()).isEqualTo("generic");
        assertThat(nulled.error()).isEqualTo(NEUTRAL);
        assertThat(warningsAbout("Trap.throwing")).extracting(LogRecord::getThrown)
                .satisfiesExactlyInAnyOrder(
                        t -> assertThat(t).isInstanceOf(IllegalStateException.class),
                        t -> assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessage("the mapper broke"));
        assertThat(warningsAbout("Trap.nulled")).extracting(HandlerErrorsIT::text)
                .anySatisfy(t -> assertThat(t).contains("gave null"));
    }

    @Test
    void anEmptyCompletionStillSaysSo() {
        start(b -> b.action("Trap.empty", 1, req -> Mono.empty()));

        RemoteActionException e = failure("Trap.empty");

        assertThat(e.errorCode()).isEqualTo("generic");
        assertThat(e.error()).isEqualTo("the action produced no reply");
    }

    @Test
    void aReplyBodyThatFailsAfterItsHeaderEndsWithANeutralTxerrAndIsLogged() {
        start(b -> b.action("Trap.stream", 1, req -> Mono.just(Reply.of(Flux.concat(
                Flux.just(ByteBuffer.wrap("part".getBytes(StandardCharsets.UTF_8))), Flux.error(new IllegalStateException(SECRET)))))));

        Throwable bodyError = client.request(service.endpoint(), Request.json("Trap.stream", Map.of()))
                .flatMap(reply -> reply.bodyAsBytes(1024))
                .then(Mono.<Throwable>empty())
                .onErrorResume(e -> Mono.just(e))
                .block(WAIT);

        assertThat(bodyError).isNotNull();
        assertThat(bodyError.getMessage()).contains(NEUTRAL).doesNotContain("hunter2").doesNotContain("10.0.0.5");
        assertThat(warningsAbout("Trap.stream")).singleElement()
                .satisfies(r -> assertThat(r.getThrown()).hasMessage(SECRET));
    }
}
