package io.scamp.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What {@code scamp serve --metrics HOST:PORT} and {@code --stats} add to the service: the
 * registry its meters go to, the plain HTTP endpoint that serves them in Prometheus text format
 * ({@code GET /metrics}, the JDK's own HTTP server, {@value #SCRAPERS} threads), and the line of figures printed on
 * stderr at every interval ({@link ServeStats}).
 */
final class ServeMetrics implements AutoCloseable {
    /** The Prometheus text exposition format, version 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final int SCRAPERS = 4;
    private static final int WAITING_SCRAPES = 16;

    private final MeterRegistry registry;
    private final HttpServer http;
    private final ScheduledExecutorService stats;

    private ServeMetrics(MeterRegistry registry, HttpServer http, ScheduledExecutorService stats) {
        this.registry = registry;
        this.http = http;
        this.stats = stats;
    }

    /**
     * Starts what was asked for.
     *
     * @param listen {@code HOST:PORT} of the endpoint, or {@code null} for none
     * @param statsIntervalMillis how often the stats line is printed on {@code err}; 0 for never
     * @throws IOException if the endpoint cannot listen there
     */
    static ServeMetrics start(InetSocketAddress listen, long statsIntervalMillis, PrintStream err) throws IOException {
        PrometheusMeterRegistry prometheus = listen == null ? null : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MeterRegistry registry = prometheus != null ? prometheus : new SimpleMeterRegistry();
        HttpServer http = null;
        if (prometheus != null) {
            http = HttpServer.create(listen, 16);
            http.createContext("/", exchange -> answer(exchange, prometheus));
            http.setExecutor(LocalHttp.boundedPool("scamp-serve-metrics", SCRAPERS, WAITING_SCRAPES)); // a slow scraper holds one thread
            http.start();
        }
        ScheduledExecutorService stats = null;
        if (statsIntervalMillis > 0) {
            stats = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "scamp-serve-stats");
                t.setDaemon(true);
                return t;
            });
            ServeStats line = new ServeStats(registry, statsIntervalMillis);
            stats.scheduleAtFixedRate(() -> err.println(line.next()), statsIntervalMillis, statsIntervalMillis, TimeUnit.MILLISECONDS);
        }
        return new ServeMetrics(registry, http, stats);
    }

    /** {@code GET /metrics}: the scrape; another path is 404, another method 405. */
    private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (!head && !exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    MeterRegistry registry() {
        return registry;
    }

    /** {@code http://HOST:PORT/metrics} as it listens (a port 0 resolved), or {@code null} without an endpoint. */
    String url() {
        if (http == null) {
            return null;
        }
        return LocalHttp.url(http.getAddress(), "/metrics");
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
            ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
        }
        if (stats != null) {
            stats.shutdownNow();
        }
        registry.close();
    }
}
