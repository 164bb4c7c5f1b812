package io.scamp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.AnnouncementParser;
import io.scamp.discovery.AnnouncementSigner;
import io.scamp.discovery.ServiceDirectory;
import io.scamp.message.FingerprintMismatchException;
import io.scamp.message.RemoteActionException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.service.RunningService;
import io.scamp.service.ScampService;
import io.scamp.testing.LogCapture;
import io.scamp.testing.TestService;
import io.scamp.tls.ServiceIdentity;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Protected actions, tickets and the authz table over real connections (SCAMP.md §8). */
class AuthorizationIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TicketSigner signer;
    private TicketVerifier verifier;
    private ScampClient client;

    @BeforeEach
    void keys() throws Exception {
        KeyPair pair = TicketTest.rsa();
        signer = new TicketSigner(pair.getPrivate());
        verifier = new TicketVerifier(pair.getPublic());
        client = ScampClient.create();
        closeables.add(client);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private RunningService protectedService(AuthzTableSource table) {
        RunningService running = ScampService.builder().name("guarded").identity(TestService.identity()).bindAddress("127.0.0.1").port(0)
                .authorization(new ServiceAuthorization(verifier, table))
                .action("Guarded.read", 1, req -> Mono.just(Reply.json(Map.of("user", req.verifiedTicket().orElseThrow().userId(),
                        "privileges", req.verifiedTicket().orElseThrow().privileges()))))
                .action("Guarded.unlisted", 1, req -> Mono.just(Reply.empty()))
                .action("Guarded.recurse", 1, req -> Mono.just(Reply.json(Map.of("depth", recurse(0)))))
                .action("Guarded.open", 1, Set.of("noauth"), req -> Mono.just(Reply.json(Map.of("ticket", req.verifiedTicket().isPresent()))))
                .build().start().block(WAIT);
        closeables.add(() -> running.stop().block(WAIT));
        return running;
    }

    private String ticket(List<Integer> privileges) {
        return signer.sign(42, 7, Instant.now().getEpochSecond() - 5, 3600, privileges);
    }

    private Map<?, ?> call(RunningService service, String action, String ticket) {
        Request.Builder request = Request.builder(action).json(Map.of());
        if (ticket != null) {
            request.ticket(ticket).identifyingToken("test-token");
        }
        return client.request(Endpoint.of(service.address(), service.fingerprint()), request.build())
                .flatMap(r -> r.bodyAsJson(Map.class)).block(WAIT);
    }

    private static void assertDenied(Runnable call, String code, String... inMessage) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RemoteActionException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(code);
            for (String s : inMessage) {
                assertThat(e.error()).contains(s);
            }
        });
    }

    @Test
    void protectedActionsNeedATicketWithTheirPrivileges() {
        RunningService service = protectedService(AuthzTableSource.fixed(Map.of("Guarded.read", List.of(1, 2), "guarded.open", List.of(9))));

        assertDenied(() -> call(service, "Guarded.read", null), "ticket_required", "Guarded.read");
        assertDenied(() -> call(service, "Guarded.read", ticket(List.of(1))), "permission_denied", "requires privilege 2");
        assertDenied(() -> call(service, "Guarded.read", ticket(List.of(1, 2)) + "x"), "invalid_ticket", "BAD_SIGNATURE");
        assertDenied(() -> call(service, "Guarded.read", signer.sign(42, 7, Instant.now().getEpochSecond() - 100, 10, List.of(1, 2))),
                "invalid_ticket", "EXPIRED");
        assertDenied(() -> call(service, "Guarded.unlisted", ticket(List.of(1, 2))), "unconfigured_action", "Unconfigured action Guarded.unlisted");

        Map<?, ?> granted = call(service, "Guarded.read", ticket(List.of(2, 1, 5)));
        assertThat(granted.get("user")).isEqualTo(42);
        assertThat(granted.get("privileges")).isEqualTo(List.of(1, 2, 5));
        assertThat(call(service, "Guarded.open", null).get("ticket")).isEqualTo(false);
    }

    /**
     * A protected handler runs inside the ticket check's {@code flatMap}, where Reactor rethrows
     * a {@link StackOverflowError} instead of signalling it: it is still only its request's
     * {@code generic} error reply (logged), not the end of the connection.
     */
    @Test
    void anErrorThrownByAProtectedHandlerIsItsRequestsErrorReply() {
        RunningService service = protectedService(AuthzTableSource.fixed(Map.of("Guarded.read", List.of(1), "Guarded.recurse", List.of(1))));

        try (LogCapture log = LogCapture.of("io.scamp.connection.ScampConnection")) {
            assertDenied(() -> call(service, "Guarded.recurse", ticket(List.of(1))), "generic");
            assertThat(log.atLeast(Level.SEVERE, "Guarded.recurse")).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(StackOverflowError.class));
        }
        assertThat(call(service, "Guarded.read", ticket(List.of(1))).get("user")).isEqualTo(42);
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void authzTableIsFetchedOverScampAndCached() {
        AtomicInteger fetches = new AtomicInteger();
        RunningService auth = ScampService.builder().name("auth").identity(TestService.identity()).bindAddress("127.0.0.1").port(0)
                .action("Auth.getAuthzTable", 1, Set.of("noauth"), req -> {
                    fetches.incrementAndGet();
                    return Mono.just(Reply.json(Map.of("guarded.read", List.of("3"), "_NAMES", Map.of("3", "inventory_read"))));
                })
                .build().start().block(WAIT);
        closeables.add(() -> auth.stop().block(WAIT));
        Endpoint authEndpoint = Endpoint.of(auth.address(), auth.fingerprint());
        RunningService service = protectedService(AuthzTableSource.remote(request -> client.request(authEndpoint, request)));

        assertDenied(() -> call(service, "Guarded.read", ticket(List.of(1))), "permission_denied", "requires privilege inventory_read");
        for (int i = 0; i < 5; i++) {
            assertThat(call(service, "Guarded.read", ticket(List.of(3))).get("user")).isEqualTo(42);
        }
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void requesterRefusesAServiceWhoseCertificateIsNotTheOneOfItsRecord() {
        RunningService service = ScampService.builder().name("imposter").identity(TestService.identity()).bindAddress("127.0.0.1").port(0)
                .action("Guarded.read", 1, req -> Mono.just(Reply.empty())).build().start().block(WAIT);
        closeables.add(() -> service.stop().block(WAIT));
        ServiceIdentity recordSigner = ServiceIdentity.generate("genuine");
        var record = AnnouncementParser.parse(AnnouncementSigner.sign(new AnnouncementSigner.Announcement("genuine:1", "main", 1, 5000,
                service.address(), List.of("json"), List.of(new ActionEntry("main", "Guarded.read", 1, List.of(), List.of("json"))),
                Instant.now().getEpochSecond()), recordSigner)).verify();
        ServiceDirectory directory = ServiceDirectory.of(List.of(record));
        closeables.add(directory);
        directory.awaitFirst(WAIT);
        ScampClient routed = ScampClient.builder().directory(directory).build();
        closeables.add(routed);

        assertThatThrownBy(() -> routed.request(Request.json("Guarded.read", Map.of())).block(WAIT))
                .isInstanceOfSatisfying(FingerprintMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(recordSigner.fingerprint());
                    assertThat(e.actual()).isEqualTo(service.fingerprint());
                });
    }
}
