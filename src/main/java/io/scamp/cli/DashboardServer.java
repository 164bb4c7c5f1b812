package io.scamp.cli;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.scamp.discovery.ServiceTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;

/**
 * The web server of {@code scamp dashboard} (the JDK's {@code HttpServer}): {@code GET /} (the
 * page), {@code /dashboard.js}, {@code /dashboard.css} (resources of this jar) and
 * {@code /events} ({@link DashboardStream}). Any other path is 404, another method on these 405.
 * Every answer forbids scripts and styles from anywhere but this server
 * ({@code Content-Security-Policy}) and content sniffing. On a loopback address, a request
 * whose {@code Host} is not a loopback name is refused (403), so that a web site cannot read the
 * directory through a DNS name rebound to 127.0.0.1.
 *
 * <p>Bounds: {@link Limits#maxClients} event streams, each on a thread of its own; the pool has
 * four more threads for the page and its files, and 64 requests may wait for a thread (beyond
 * that a connection is closed at once). The JDK server takes at most
 * {@code jdk.httpserver.maxConnections} connections, which this sets to 64 when nothing else
 * set it before the first server of the JVM.
 */
final class DashboardServer implements AutoCloseable {
    /**
     * How many event streams at once and how often a quiet one gets a keep-alive comment.
     *
     * @param maxClients event streams served at once; one more is answered 503
     * @param keepAlive the longest time a stream goes without a write
     */
    record Limits(int maxClients, Duration keepAlive) {
        static final Limits DEFAULT = new Limits(16, Duration.ofSeconds(15));
    }

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, Resource> FILES = Map.of(
            "/", Resource.load("index.html", "text/html; charset=utf-8"),
            "/dashboard.js", Resource.load("dashboard.js", "text/javascript; charset=utf-8"),
            "/dashboard.css", Resource.load("dashboard.css", "text/css; charset=utf-8"));
    private static final String EVENTS = "/events";

    private final HttpServer server;
    private final ThreadPoolExecutor threads;
    private final DashboardStream stream;
    private final boolean loopbackOnly;

    private DashboardServer(HttpServer server, ThreadPoolExecutor threads, DashboardStream stream) {
        this.server = server;
        this.threads = threads;
        this.stream = stream;
        this.loopbackOnly = server.getAddress().getAddress().isLoopbackAddress();
    }

    /**
     * Listens on {@code address} (port 0: a free one) and serves the tables of {@code tables}.
     *
     * @throws IOException if the address cannot be bound
     */
    static DashboardServer start(InetSocketAddress address, Flux<ServiceTable> tables, Limits limits) throws IOException {
        if (System.getProperty("jdk.httpserver.maxConnections") == null) {
            System.setProperty("jdk.httpserver.maxConnections", "64");
        }
        HttpServer server = HttpServer.create(address, 16);
        ThreadPoolExecutor threads = LocalHttp.boundedPool("scamp-dashboard", limits.maxClients() + 4, 64);
        DashboardServer dashboard = new DashboardServer(server, threads, new DashboardStream(tables, limits.maxClients(), limits.keepAlive()));
        server.setExecutor(threads);
        server.createContext("/", dashboard::handle);
        server.start();
        return dashboard;
    }

    /** The address listened on, with the port bound. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** The page's URL, {@code http://HOST:PORT/}. */
    String url() {
        return LocalHttp.url(address(), "/");
    }

    DashboardStream stream() {
        return stream;
    }

    private void handle(HttpExchange exchange) {
        try {
            Headers headers = exchange.getResponseHeaders();
            headers.set("Content-Security-Policy", CSP);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            String path = String.valueOf(exchange.getRequestURI().getRawPath());
            Resource file = FILES.get(path);
            if (loopbackOnly && !isLoopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                respond(exchange, 403, "text/plain; charset=utf-8", "this dashboard answers to loopback host names only\n".getBytes(StandardCharsets.UTF_8));
            } else if (file == null && !EVENTS.equals(path)) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                headers.set("Allow", "GET");
                respond(exchange, 405, "text/plain; charset=utf-8", "only GET\n".getBytes(StandardCharsets.UTF_8));
            } else if (file == null) {
                stream.serve(exchange);
            } else {
                headers.set("Cache-Control", "no-cache");
                respond(exchange, 200, file.type(), file.bytes());
            }
        } catch (IOException | RuntimeException gone) {
            // the browser went away, or sent what the JDK server could not take: its connection only
        } finally {
            exchange.close();
        }
    }

    static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Whether a {@code Host} header names this machine's loopback: {@code localhost}, 127.x.x.x or [::1], with or without a port. */
    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            return name.equals("[::1]") || name.startsWith("[::1]:");
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Ends every event stream, closes the connections and the listening socket, and stops the threads. */
    @Override
    public void close() {
        stream.close();
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A file of the page, read from the jar once. */
    private record Resource(String type, byte[] bytes) {
        static Resource load(String name, String type) {
            try (InputStream in = DashboardServer.class.getResourceAsStream("dashboard/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("resource io/scamp/cli/dashboard/" + name + " is missing from the jar");
                }
                return new Resource(type, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
