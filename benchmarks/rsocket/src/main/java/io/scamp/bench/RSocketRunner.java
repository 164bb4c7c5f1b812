package io.scamp.bench;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.core.RSocketServer;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import io.rsocket.util.DefaultPayload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * RSocket-Java under {@link Measurements}: request-response for small calls, request-channel
 * for upload, request-stream for download, over Reactor Netty TCP with TLS (JDK provider,
 * RSA 2048 self-signed, as the library), in one JVM; in an RTT sweep ({@link Rtt}) the
 * client reaches the server through the delay proxy.
 *
 * <p>Its streams are flow-controlled by request-n only, so what it may have in flight is the
 * request-n: {@value #DEFAULT_REQUEST_N} frames of 128 KiB (4 MiB) in the main run, as before;
 * in an RTT sweep {@value #SWEEP_REQUEST_N} frames (32 MiB), replenished a quarter at a time,
 * what a user filling a path of 10 ms at 2.4 GB/s (24 MB in flight) would ask for.
 * {@code -Dbench.rsocket.request_n=FRAMES} overrides both.
 */
public final class RSocketRunner implements Workload {
    private static final int CHUNK = 128 * 1024;
    private static final ByteBuffer CHUNK_BYTES = ByteBuffer.allocate(CHUNK).asReadOnlyBuffer();
    static final int DEFAULT_REQUEST_N = 32;
    static final int SWEEP_REQUEST_N = 256;
    /** The request-n of the upload and download streams, in frames of {@value #CHUNK} bytes. */
    private static final int REQUEST_N = Integer.getInteger("bench.rsocket.request_n", Rtt.sweep() ? SWEEP_REQUEST_N : DEFAULT_REQUEST_N);

    private final CloseableChannel server;
    private final Rtt.Front front;
    private final RSocket client;
    private final SslContext clientTls;

    RSocketRunner() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate("bench", new java.security.SecureRandom(), 2048);
        SslContext serverTls = SslContextBuilder.forServer(cert.certificate(), cert.privateKey())
                .sslProvider(provider()).protocols("TLSv1.3", "TLSv1.2").build();
        clientTls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .sslProvider(provider()).protocols("TLSv1.3", "TLSv1.2").build();
        server = RSocketServer.create(SocketAcceptor.with(new Responder()))
                .bind(TcpServerTransport.create(TcpServer.create().host("127.0.0.1").port(0).secure(s -> s.sslContext(serverTls))))
                .block();
        front = Rtt.front(server.address().getPort());
        client = connect();
    }

    /**
     * The request-n of a stream: {@code limitRate(32)} in the main run, as before; in a sweep
     * (or with bench.rsocket.request_n) {@code REQUEST_N} at first, then a quarter of it each time
     * a quarter has arrived, so between three quarters and all of it stays requested.
     */
    static <T> Flux<T> limit(Flux<T> flux) {
        return REQUEST_N == DEFAULT_REQUEST_N ? flux.limitRate(DEFAULT_REQUEST_N) : flux.limitRate(REQUEST_N, Math.max(1, REQUEST_N / 4));
    }

    private RSocket connect() {
        return RSocketConnector.create()
                .connect(TcpClientTransport.create(TcpClient.newConnection().host("127.0.0.1").port(front.port())
                        .secure(s -> s.sslContext(clientTls))))
                .block();
    }

    public static void main(String[] args) throws Exception {
        try (RSocketRunner runner = new RSocketRunner()) {
            Measurements.run(runner, Params.from(args));
        }
        System.exit(0);
    }

    /** The service side: echo, count an upload, stream a download. */
    private static final class Responder implements RSocket {
        @Override
        public Mono<Payload> requestResponse(Payload payload) {
            return Mono.just(payload);
        }

        @Override
        public Flux<Payload> requestStream(Payload payload) {
            long total = Long.parseLong(payload.getDataUtf8());
            payload.release();
            return chunks(total);
        }

        @Override
        public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
            // limitRate: request-n in batches, so the requester cannot queue the whole upload (RSocket's
            // transport has no write backpressure of its own); a user wanting bounded memory does this.
            return limit(Flux.from(payloads)).reduce(0L, (n, p) -> {
                long size = n + p.data().readableBytes();
                p.release();
                return size;
            }).map(n -> DefaultPayload.create(Long.toString(n))).flux();
        }
    }

    static Flux<Payload> chunks(long total) {
        return Flux.generate(() -> 0L, (sent, sink) -> {
            if (sent >= total) {
                sink.complete();
                return sent;
            }
            int n = (int) Math.min(CHUNK, total - sent);
            sink.next(DefaultPayload.create(CHUNK_BYTES.duplicate().limit(n)));
            return sent + n;
        });
    }

    @Override
    public String system() {
        return "rsocket";
    }

    @Override
    public void echo(byte[] body, Consumer<Throwable> done) {
        client.requestResponse(DefaultPayload.create(body)).subscribe(Payload::release, done, () -> done.accept(null));
    }

    @Override
    public Long upload(long bytes) {
        Payload reply = client.requestChannel(chunks(bytes)).blockLast();
        long n = Long.parseLong(reply.getDataUtf8());
        reply.release();
        return n;
    }

    @Override
    public Long download(long bytes) {
        return limit(client.requestStream(DefaultPayload.create(Long.toString(bytes).getBytes(StandardCharsets.UTF_8))))
                .reduce(0L, (n, p) -> {
                    long size = n + p.data().readableBytes();
                    p.release();
                    return size;
                }).block();
    }

    @Override
    public boolean supportsCalls() {
        return true;
    }

    @Override
    public int connections(int n) {
        List<RSocket> clients = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            Long ok = Flux.range(0, n)
                    .flatMap(i -> RSocketConnector.create()
                            .connect(TcpClientTransport.create(TcpClient.newConnection().host("127.0.0.1").port(front.port())
                                    .secure(s -> s.sslContext(clientTls))))
                            .doOnNext(clients::add)
                            .flatMap(r -> r.requestResponse(DefaultPayload.create(new byte[64])))
                            .map(p -> {
                                p.release();
                                return 1L;
                            })
                            // A connection or call that never completes counts as failed instead of hanging the run.
                            .timeout(java.time.Duration.ofSeconds(60))
                            .onErrorResume(e -> Mono.just(0L)), n)
                    .reduce(0L, Long::sum).block();
            return ok.intValue();
        } finally {
            synchronized (clients) {
                clients.forEach(RSocket::dispose);
            }
        }
    }

    /** RSocket's window is its request-n, fixed: the bytes of {@code REQUEST_N} frames. */
    @Override
    public OptionalLong lastWindow() {
        return OptionalLong.of((long) REQUEST_N * CHUNK);
    }

    @Override
    public void close() {
        client.dispose();
        server.dispose();
        front.close();
    }

    /** The TLS provider of this run: {@code -Dbench.tls=openssl} (default) or {@code jdk}, the same for every system. */
    static SslProvider provider() {
        return "jdk".equals(System.getProperty("bench.tls", "openssl")) ? SslProvider.JDK : SslProvider.OPENSSL;
    }
}
