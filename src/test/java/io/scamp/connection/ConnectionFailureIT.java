package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import io.scamp.testing.TcpProxy;
import io.scamp.testing.TestBodies;
import io.scamp.testing.TestService;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Lost connections and misbehaving peers fail only what they touch. */
class ConnectionFailureIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TestService service;
    private ScampClient client;
    private TcpProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void cutMidStreamFailsOpenMessagesOnBothSidesAndServiceKeepsServing() throws Exception {
        Sinks.One<Throwable> handlerSaw = Sinks.one();
        Sinks.Empty<Void> handlerGotData = Sinks.empty();
        service = TestService.start(b -> b.action("Test.upload", 1, req -> req.body()
                .doOnNext(x -> handlerGotData.tryEmitEmpty())
                .doOnError(handlerSaw::tryEmitValue)
                .then(Mono.just(Reply.empty()))));
        proxy = new TcpProxy(service.running().port());
        client = ScampClient.create();
        Endpoint viaProxy = Endpoint.of("beepish+tls://127.0.0.1:" + proxy.port(), service.running().fingerprint());

        Mono<Reply> upload = client.request(viaProxy, Request.of("Test.upload", TestBodies.pattern(1L << 40, 64 * 1024))).cache();
        upload.subscribe(r -> { }, e -> { });
        handlerGotData.asMono().block(WAIT);
        proxy.cutAll();

        assertThatThrownBy(() -> upload.block(WAIT)).isInstanceOf(TransportException.class);
        assertThat(handlerSaw.asMono().block(WAIT)).isInstanceOf(TransportException.class);

        // the service is still up for everyone else
        ScampClient other = ScampClient.create();
        try {
            String echoed = other.request(service.endpoint(), Request.builder("Test.echo").body("still here".getBytes(StandardCharsets.UTF_8)).build())
                    .flatMap(Reply::bodyAsString).block(WAIT);
            assertThat(echoed).isEqualTo("still here");
        } finally {
            other.close();
        }
        // and the client replaces its lost connection
        String again = client.request(service.endpoint(), Request.builder("Test.echo").body("again".getBytes(StandardCharsets.UTF_8)).build())
                .flatMap(Reply::bodyAsString).block(WAIT);
        assertThat(again).isEqualTo("again");
    }

    @Test
    void cutMidReplyFailsTheReplyBody() throws Exception {
        service = TestService.start();
        proxy = new TcpProxy(service.running().port());
        client = ScampClient.create();
        Endpoint viaProxy = Endpoint.of("beepish+tls://127.0.0.1:" + proxy.port(), service.running().fingerprint());
        AtomicLong received = new AtomicLong();

        Mono<Long> echo = client.request(viaProxy, Request.of("Test.echo", TestBodies.pattern(1L << 40, 64 * 1024)))
                .flatMapMany(Reply::body)
                .doOnNext(b -> {
                    if (received.addAndGet(b.remaining()) > 1_000_000) {
                        proxy.cutAll();
                    }
                })
                .count();

        assertThatThrownBy(() -> echo.block(WAIT)).isInstanceOf(TransportException.class);
    }

    @Test
    void plainTcpGarbageLosesOnlyThatConnection() throws Exception {
        service = TestService.start();
        client = ScampClient.create();
        assertThat(echo("before")).isEqualTo("before");

        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), service.running().port())) {
            raw.getOutputStream().write("this is not TLS at all\r\n\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
            raw.getOutputStream().flush();
            assertThat(readUntilClosed(raw.getInputStream())).isTrue();
        }

        assertThat(echo("after")).isEqualTo("after");
    }

    @Test
    void tlsGarbageIsAProtocolViolationThatLosesOnlyThatConnection() throws Exception {
        service = TestService.start();
        client = ScampClient.create();
        assertThat(echo("before")).isEqualTo("before");

        try (SSLSocket tls = trustingTlsSocket(service.running().port())) {
            OutputStream out = tls.getOutputStream();
            out.write("GARBAGE 1 2 3\r\nmore garbage".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readUntilClosed(tls.getInputStream())).isTrue();
        }
        try (SSLSocket tls = trustingTlsSocket(service.running().port())) {
            // a valid packet for a message that was never opened
            tls.getOutputStream().write("DATA 5 3\r\nabcEND\r\n".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            assertThat(readUntilClosed(tls.getInputStream())).isTrue();
        }

        assertThat(echo("after")).isEqualTo("after");
    }

    private String echo(String text) {
        return client.request(service.endpoint(), Request.builder("Test.echo").body(text.getBytes(StandardCharsets.UTF_8)).build())
                .flatMap(Reply::bodyAsString).block(WAIT);
    }

    /** Reads until the peer closes; true when it did (a read timeout fails the test). */
    private static boolean readUntilClosed(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // discard whatever the server says before closing
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true; // reset by peer counts as closed
        }
    }

    private static SSLSocket trustingTlsSocket(int port) throws Exception {
        SSLContext context = io.scamp.testing.HostilePeers.trustAll();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }
}
