package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.Request;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * A hostile peer against a service in its own JVM with a 64 MiB heap: it sends a request
 * HEADER to {@code Test.echo} and then DATA without end, ignoring the ACK window and reading
 * nothing back. The service must stop reading from it (so the peer's writes block on TCP,
 * having pushed far less than the heap), fail only that connection once nothing was consumed
 * for the stall timeout, and answer a legitimate client on another connection throughout and
 * afterwards.
 */
class DataFloodIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PACKET = 128 * 1024;
    /** Far more than the heap: a service that buffered it all would have died long before. */
    private static final long FLOOD_CAP = 1L << 30;

    @Test
    void aPeerIgnoringTheWindowIsSlowedByTcpThenDroppedWhileOthersAreServed() throws Exception {
        Process service = java("io.scamp.testing.EchoServiceMain");
        try {
            BufferedReader serviceOut = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
            String ready = serviceOut.readLine();
            assertThat(ready).as("service ready line").isNotNull().startsWith("beepish+tls://");
            Endpoint echo = Endpoint.of(ready.split(" ")[0], ready.split(" ")[1]);

            AtomicLong pushed = new AtomicLong();
            CompletableFuture<Throwable> flood = CompletableFuture.supplyAsync(() -> flood(echo, pushed));

            try (ScampClient client = ScampClient.create()) {
                int answered = 0;
                while (!flood.isDone()) {
                    String back = client.request(echo, Request.builder("Test.echo").body("ping".getBytes(StandardCharsets.UTF_8)).build())
                            .flatMap(reply -> reply.bodyAsString()).block(WAIT);
                    assertThat(back).isEqualTo("ping");
                    answered++;
                }
                Throwable ended = flood.get(WAIT.toSeconds(), TimeUnit.SECONDS);

                System.out.println("flood pushed " + pushed.get() + " bytes; legit calls " + answered);
                assertThat(ended).as("the service closed the flooding connection").isInstanceOf(IOException.class);
                assertThat(pushed.get()).as("bytes the flood got into the service before TCP stopped it")
                        .isLessThan(64L << 20);
                assertThat(answered).as("legitimate calls answered during the flood").isPositive();
                assertThat(client.request(echo, Request.builder("Test.echo").body("after".getBytes(StandardCharsets.UTF_8)).build())
                        .flatMap(reply -> reply.bodyAsString()).block(WAIT)).isEqualTo("after");
                assertThat(service.isAlive()).isTrue();
            }
        } finally {
            service.getOutputStream().close();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    /** Floods until the service closes the connection (the IOException is returned) or the cap is reached (null). */
    private static Throwable flood(Endpoint target, AtomicLong pushed) {
        try (SSLSocket socket = (SSLSocket) trustingTls().getSocketFactory().createSocket(target.host(), target.port())) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            String header = "{\"type\":\"request\",\"action\":\"Test.echo\",\"version\":1,\"envelope\":\"json\",\"request_id\":1}";
            out.write(("HEADER 0 " + header.length() + "\r\n" + header + "END\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] packet = new byte[("DATA 0 " + PACKET + "\r\n").length() + PACKET + 5];
            byte[] line = ("DATA 0 " + PACKET + "\r\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(line, 0, packet, 0, line.length);
            System.arraycopy("END\r\n".getBytes(StandardCharsets.US_ASCII), 0, packet, packet.length - 5, 5);
            while (pushed.get() < FLOOD_CAP) {
                out.write(packet);
                pushed.addAndGet(PACKET);
            }
            return null;
        } catch (IOException closed) {
            return closed;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trustingTls() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return tls;
    }

    private static Process java(String mainClass) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx64m", "-XX:MaxDirectMemorySize=64m",
                "-Dscamp.test.stallSeconds=3", "-cp", System.getProperty("java.class.path"), mainClass));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).directory(new File(".")).start();
    }
}
