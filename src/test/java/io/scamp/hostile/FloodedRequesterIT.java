package io.scamp.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.testing.FloodedClientMain;
import io.scamp.testing.ForkedJvm;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.HostilePeers.FloodEnd;
import io.scamp.testing.HostilePeers.Packet;
import io.scamp.testing.HostilePeers.PacketReader;
import io.scamp.tls.ServiceIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Case 7 of the hostile-peer suite, the DATA flood the other way round: a raw TLS service
 * answers the request of a {@link FloodedClientMain} in a forked {@code -Xmx64m} JVM (which
 * exits at its first OutOfMemoryError) with a reply HEADER and then DATA without end,
 * ignoring every ACK. The requester must stop reading (so the flood's writes block, having
 * pushed far less than its heap), fail the request with a {@code ConnectionStalledException}
 * after its 2 s stall timeout, and exit normally, whether its application got stuck reading
 * the body or never subscribed to it.
 */
class FloodedRequesterIT {
    private static final long FLOOD_CAP = 1L << 30;
    private static final Pattern REQUEST_ID = Pattern.compile("\"request_id\"\\s*:\\s*(\\d+)");

    @Test
    void aReplyFloodIntoAStuckBodyReaderFailsTheRequestNotTheRequester() throws Exception {
        floodTheRequester("stuck");
    }

    @Test
    void aReplyFloodIntoAReplyNobodyReadsFailsTheConnectionNotTheRequester() throws Exception {
        floodTheRequester("hold");
    }

    private static void floodTheRequester(String mode) throws Exception {
        AtomicLong pushed = new AtomicLong();
        AtomicReference<Socket> accepted = new AtomicReference<>();
        Process requester = null;
        try (SSLServerSocket server = HostilePeers.serve(ServiceIdentity.generate("flooder"))) {
            CompletableFuture<FloodEnd> flood = HostilePeers.onThread("flooder", () -> {
                try {
                    SSLSocket socket = (SSLSocket) server.accept();
                    accepted.set(socket);
                    socket.startHandshake();
                    PacketReader reader = new PacketReader(socket.getInputStream());
                    Packet header = reader.next();
                    if (header == null || !header.type().equals("HEADER")) {
                        throw new IllegalStateException("expected a request HEADER, got " + header);
                    }
                    Matcher id = REQUEST_ID.matcher(header.text());
                    if (!id.find()) {
                        throw new IllegalStateException("no request_id in " + header.text());
                    }
                    Thread discard = new Thread(() -> {
                        try {
                            while (reader.next() != null) {
                                // the request's body, the requester's ACKs and its second request: all ignored
                            }
                        } catch (IOException closed) {
                            // the requester closed the connection
                        }
                    }, "flooder-discard");
                    discard.setDaemon(true);
                    discard.start();
                    OutputStream out = socket.getOutputStream();
                    out.write(HostilePeers.packet("HEADER", 0, "{\"type\":\"reply\",\"request_id\":" + id.group(1) + "}"));
                    byte[] data = HostilePeers.packet("DATA", 0, new byte[HostilePeers.MAX_BODY]);
                    return HostilePeers.writeUntilClosed(out, () -> data, pushed, FLOOD_CAP);
                } catch (IOException e) {
                    return new FloodEnd(e, Duration.ZERO);
                }
            });

            requester = ForkedJvm.start(FloodedClientMain.class.getName(), Map.of("scamp.test.stallSeconds", "2"),
                    "beepish+tls://127.0.0.1:" + server.getLocalPort(), mode);
            Process running = requester;
            CompletableFuture<String> output = HostilePeers.onThread("requester-output",
                    () -> new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            assertThat(requester.waitFor(60, TimeUnit.SECONDS)).as("the requester ended").isTrue();
            String result = output.get(10, TimeUnit.SECONDS);
            FloodEnd ended = flood.get(30, TimeUnit.SECONDS);
            System.out.println(mode + ": requester exited " + requester.exitValue() + " printing \"" + result + "\"; flood pushed "
                    + pushed.get() + " bytes, blocked for " + ended.blockedFor().toMillis() + " ms before " + ended.failure());

            assertThat(requester.exitValue()).as("requester exit code (3: OutOfMemoryError), output: %s", result).isZero();
            assertThat(result).startsWith("FAILED io.scamp.message.ConnectionStalledException ");
            assertThat(ended.failure()).as("the requester closed the flooded connection").isNotNull();
            assertThat(pushed.get()).as("bytes the flood got into the requester before TCP stopped it").isLessThan(ForkedJvm.HEAP);
        } finally {
            if (requester != null) {
                requester.destroyForcibly();
            }
            Socket socket = accepted.get();
            if (socket != null) {
                socket.close();
            }
        }
    }
}
