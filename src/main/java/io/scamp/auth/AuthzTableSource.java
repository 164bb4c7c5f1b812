package io.scamp.auth;

import io.scamp.message.Request;
import io.scamp.message.ScampJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Where a service gets its {@link AuthzTable}: a fixed map, a JSON file, or the
 * {@code Auth.getAuthzTable} v1 action called through a client (SCAMP.md §8), cached for five
 * minutes as scamp-js does.
 */
@FunctionalInterface
public interface AuthzTableSource {
    /** How long a table fetched over SCAMP is kept. */
    Duration REMOTE_CACHE = Duration.ofMinutes(5);

    /**
     * The table to check a request against; subscribed to for every protected request, so it
     * should be cheap or cached.
     *
     * @return the current table; an error fails the check, and so the request
     */
    Mono<AuthzTable> table();

    /**
     * A source that always gives {@code table}.
     *
     * @param table the table
     * @return the source
     */
    static AuthzTableSource fixed(AuthzTable table) {
        Mono<AuthzTable> just = Mono.just(table);
        return () -> just;
    }

    /**
     * A source that always gives the table of {@code demands} ({@link AuthzTable#of(Map)}).
     *
     * @param demands the privileges each action demands, by full action name
     * @return the source
     */
    static AuthzTableSource fixed(Map<String, java.util.List<Integer>> demands) {
        return fixed(AuthzTable.of(demands));
    }

    /**
     * A JSON file in the {@code Auth.getAuthzTable} format, read on each check (it is small; edits apply at once).
     *
     * @param file the JSON file
     * @return the source; a check fails with {@link IllegalStateException} if the file cannot be
     *     read, and with {@link IllegalArgumentException} if it is malformed
     */
    static AuthzTableSource file(Path file) {
        return () -> Mono.fromCallable(() -> {
            try {
                return AuthzTable.parse(ScampJson.mapper().readTree(Files.readString(file)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read authz table " + file + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Calls {@code Auth.getAuthzTable} v1 through {@code requester} (for example
     * {@code client::request} of a routed client) and keeps the answer for {@link #REMOTE_CACHE}.
     * Nothing is fetched until the first check; a fetch that fails is not kept, so the next check
     * tries again.
     *
     * @param requester sends a request and gives its reply
     * @return the source
     */
    static AuthzTableSource remote(Function<Request, Mono<io.scamp.message.Reply>> requester) {
        Mono<AuthzTable> fetch = Mono.defer(() -> requester.apply(Request.json("Auth.getAuthzTable", Map.of())))
                .flatMap(reply -> reply.bodyAsJson(com.fasterxml.jackson.databind.JsonNode.class))
                .map(AuthzTable::parse);
        Mono<AuthzTable> cached = fetch.cacheInvalidateWhen(t -> Mono.delay(REMOTE_CACHE).then(), t -> { });
        return () -> cached;
    }
}
