package io.scamp.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.scamp.discovery.ServiceTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The dashboard's {@code /events}: each table of the directory as one Server-Sent Event
 * ({@code event: table}, the JSON of {@code scamp list --json} plus {@code "time"}), sent to at
 * most {@code maxClients} browsers at once (one more is answered 503). Every client has a
 * {@link LatestEvent}: a new table replaces one it has not been sent yet, so a slow browser gets
 * the latest table and holds no backlog, and publishing never waits for a client. A comment line
 * goes out after {@code keepAlive} without a table, which also finds browsers that went away
 * (the write fails and the client is removed).
 */
final class DashboardStream implements AutoCloseable {
    static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    /** Sent first: how long a browser waits before reconnecting after the stream broke. */
    private static final byte[] PREAMBLE = "retry: 2000\n\n".getBytes(StandardCharsets.UTF_8);

    private final int maxClients;
    private final long keepAliveMillis;
    private final Set<LatestEvent> clients = new HashSet<>();
    private final Disposable subscription;
    private byte[] latest;
    private boolean closed;

    DashboardStream(Flux<ServiceTable> tables, int maxClients, Duration keepAlive) {
        this.maxClients = maxClients;
        this.keepAliveMillis = keepAlive.toMillis();
        this.subscription = tables.map(DashboardStream::event).subscribe(this::publish, error -> {
            // the command reports the directory's end; the page keeps the last table
        });
    }

    /** The event of one table: {@code event: table} and the table's JSON as its data. */
    static byte[] event(ServiceTable table) {
        ObjectNode json = TableJson.table(table);
        json.put("time", Instant.now().toString());
        return format("table", json.toString());
    }

    /** An event in the SSE format: one {@code data:} line per line of {@code data}, so no line break in it can end the event early. */
    static byte[] format(String name, String data) {
        StringBuilder out = new StringBuilder(data.length() + 32).append("event: ").append(name).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private synchronized void publish(byte[] event) {
        latest = event;
        clients.forEach(c -> c.offer(event));
    }

    /**
     * Serves one browser until it goes away or the stream is closed, on the calling thread; or
     * answers 503 at once when {@code maxClients} are connected.
     */
    void serve(HttpExchange exchange) throws IOException {
        LatestEvent mailbox = register();
        if (mailbox == null) {
            exchange.getResponseHeaders().set("Retry-After", "10");
            DashboardServer.respond(exchange, 503, "text/plain; charset=utf-8",
                    ("too many dashboard clients (at most " + maxClients + ")\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(PREAMBLE);
            out.flush();
            for (byte[] event; (event = mailbox.take(keepAliveMillis)) != null; ) {
                out.write(event == LatestEvent.NOTHING ? KEEP_ALIVE : event);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            unregister(mailbox);
        }
    }

    private synchronized LatestEvent register() {
        if (closed || clients.size() >= maxClients) {
            return null;
        }
        LatestEvent mailbox = new LatestEvent();
        if (latest != null) {
            mailbox.offer(latest);
        }
        clients.add(mailbox);
        notifyAll();
        return mailbox;
    }

    private synchronized void unregister(LatestEvent mailbox) {
        mailbox.close();
        clients.remove(mailbox);
        notifyAll();
    }

    /** How many browsers are connected. */
    synchronized int clients() {
        return clients.size();
    }

    /** Waits up to {@code timeout} until exactly {@code count} browsers are connected; whether they are. */
    synchronized boolean awaitClients(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (clients.size() != count) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Tables replaced before they were sent, over the browsers connected now. */
    synchronized long coalesced() {
        return clients.stream().mapToLong(LatestEvent::coalesced).sum();
    }

    /** Tables handed to the browsers connected now (sent or replaced). */
    synchronized long offered() {
        return clients.stream().mapToLong(LatestEvent::offered).sum();
    }

    /** Stops taking tables and ends every stream (a writer blocked on a browser ends when the server closes its connection). */
    @Override
    public void close() {
        subscription.dispose();
        synchronized (this) {
            closed = true;
            clients.forEach(LatestEvent::close);
            notifyAll();
        }
    }
}
