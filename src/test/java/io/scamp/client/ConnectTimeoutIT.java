package io.scamp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.scamp.message.Request;
import io.scamp.message.ScampTimeoutException;
import io.scamp.message.TransportException;
import io.scamp.testing.TestService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connect timeout bounds TCP and TLS together, and a request's own timeout everything
 * from the call on. A slow TCP connect on loopback: the listener's accept queue is full, so
 * Linux drops the client's SYNs (counted in {@code TcpExt ListenOverflows}) until a place is
 * freed; the connection then completes on a SYN retransmission, and the listener never
 * speaks TLS.
 */
class ConnectTimeoutIT {
    private static final Path NETSTAT = Path.of("/proc/net/netstat");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(4);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void aSlowTcpConnectAndAStalledHandshakeTogetherFailWithinTheConnectTimeout() throws Exception {
        assumeThat(Files.isReadable(NETSTAT)).as("Linux counters of dropped SYNs").isTrue();
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeables.add(listener);
        Set<Integer> fillerPorts = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) { // a backlog of 1 queues two connections; the next SYN is dropped
            Socket filler = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            closeables.add(filler);
            fillerPorts.add(filler.getLocalPort());
        }
        ScampClient client = ScampClient.builder().connectTimeout(CONNECT_TIMEOUT).build();
        closeables.add(client);
        Endpoint stalled = Endpoint.of("beepish+tls://127.0.0.1:" + listener.getLocalPort(), TestService.identity().fingerprint());
        long overflowsBefore = listenOverflows();

        long start = System.nanoTime();
        CompletableFuture<Object> outcome = client.request(stalled, Request.builder("Any.thing").timeout(CONNECT_TIMEOUT).build())
                .<Object>map(r -> r).onErrorResume(e -> reactor.core.publisher.Mono.just(e)).toFuture();

        // Two of the client's SYNs dropped, so its connect takes at least one retransmission; then a place is freed.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (listenOverflows() < overflowsBefore + 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assumeThat(listenOverflows()).as("the kernel drops SYNs to a full accept queue").isGreaterThanOrEqualTo(overflowsBefore + 2);
        listener.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
        listener.accept().close(); // the first filler: the next SYN retransmission gets through
        Duration tcpConnected = null;
        while (tcpConnected == null) {
            Socket s = listener.accept(); // the second filler, then the client, which then waits for a ServerHello forever
            closeables.add(s);
            if (!fillerPorts.contains(s.getPort())) {
                tcpConnected = Duration.ofNanos(System.nanoTime() - start);
            }
        }
        assumeThat(tcpConnected).as("TCP connected well within the connect timeout").isLessThan(CONNECT_TIMEOUT.minusMillis(500));

        Object failure = outcome.get(30, TimeUnit.SECONDS);
        Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure).isInstanceOfAny(TransportException.class, ScampTimeoutException.class);
        if (failure instanceof TransportException) {
            assertThat(((TransportException) failure).dispatchFailure()).isTrue();
        }
        assertThat(failedAfter).as("TCP took %s; the whole connect is bounded, not each part", tcpConnected)
                .isLessThan(CONNECT_TIMEOUT.plusMillis(800));
        assertThat(failedAfter).isGreaterThanOrEqualTo(CONNECT_TIMEOUT.minusMillis(50));
    }

    private static long listenOverflows() throws IOException {
        List<String> lines = Files.readAllLines(NETSTAT);
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            if (lines.get(i).startsWith("TcpExt:")) {
                List<String> keys = List.of(lines.get(i).trim().split("\\s+"));
                String[] values = lines.get(i + 1).trim().split("\\s+");
                return Long.parseLong(values[keys.indexOf("ListenOverflows")]);
            }
        }
        throw new IOException("no TcpExt line in " + NETSTAT);
    }

}
