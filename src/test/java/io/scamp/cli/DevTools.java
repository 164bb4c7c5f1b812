package io.scamp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scamp.message.ScampJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of the Chrome DevTools Protocol over one target's WebSocket (java.net.http and
 * Jackson): a command and its answer, events ignored. Enough to load a page, read its DOM through
 * {@code Runtime.evaluate} and take a screenshot.
 */
final class DevTools implements AutoCloseable {
    private static final long ANSWER_SECONDS = 90;

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final WebSocket socket;

    private DevTools(URI target) throws IOException, InterruptedException {
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(target, new Listener()).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot open " + target, e);
        }
    }

    static DevTools connect(URI target) throws IOException, InterruptedException {
        return new DevTools(target);
    }

    /** Sends {@code method} with {@code params} and returns its {@code result}; a protocol error fails. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        ObjectNode command = ScampJson.mapper().createObjectNode().put("id", id).put("method", method);
        command.set("params", params);
        socket.sendText(command.toString(), true).get(30, TimeUnit.SECONDS);
        try {
            JsonNode message = answer.get(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (message.has("error")) {
                throw new AssertionError(method + " failed: " + message.get("error"));
            }
            return message.get("result");
        } finally {
            answers.remove(id);
        }
    }

    JsonNode call(String method) throws Exception {
        return call(method, params());
    }

    static ObjectNode params() {
        return ScampJson.mapper().createObjectNode();
    }

    /**
     * The value of a JavaScript expression in the page, a promise awaited: {@code waitFor} builds
     * on it to wait for the DOM in the page itself. An exception in the page fails.
     */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", params().put("expression", expression).put("awaitPromise", true).put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("in the page: " + result.get("exceptionDetails"));
        }
        return result.get("result").get("value");
    }

    /**
     * Waits in the page until {@code condition} (an expression) is true, checked on every DOM
     * change and every 100 ms, for at most {@code seconds}; whether it became true.
     */
    boolean waitFor(String condition, int seconds) throws Exception {
        return evaluate("new Promise(done => {"
                + " const check = () => { try { return Boolean(" + condition + "); } catch (e) { return false; } };"
                + " if (check()) { done(true); return; }"
                + " const observer = new MutationObserver(() => { if (check()) finish(true); });"
                + " const timer = setInterval(() => { if (check()) finish(true); }, 100);"
                + " const limit = setTimeout(() => finish(false), " + seconds * 1000 + ");"
                + " function finish(value) { observer.disconnect(); clearInterval(timer); clearTimeout(limit); done(value); }"
                + " observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});"
                + "})").asBoolean();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    JsonNode json = ScampJson.mapper().readTree(message);
                    CompletableFuture<JsonNode> answer = json.has("id") ? answers.get(json.get("id").asLong()) : null;
                    if (answer != null) {
                        answer.complete(json);
                    }
                } catch (IOException e) {
                    answers.values().forEach(a -> a.completeExceptionally(e));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            answers.values().forEach(a -> a.completeExceptionally(error));
        }
    }
}
