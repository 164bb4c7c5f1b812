package io.scamp.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The ceiling for bulk transfer: bytes over a bare Netty TLS connection (same Netty, same
 * provider and key size as the library), with nothing on top. Upload: the client sends
 * {@code 'U' + length} then the bytes, the server answers one byte when it has them all.
 * Download: the client sends {@code 'D' + length}, the server streams the bytes. In an RTT
 * sweep ({@link Rtt}) the client reaches the server through the delay proxy; its window is
 * then the kernel's TCP buffers and the proxy's bound, which autotuning fills.
 */
public final class RawTlsRunner implements Workload {
    private static final int CHUNK = 128 * 1024;
    private static final ByteBuf CHUNK_BYTES = Unpooled.unreleasableBuffer(Unpooled.directBuffer(CHUNK).writeZero(CHUNK));

    private final EventLoopGroup group;
    private final Channel server;
    private final Rtt.Front front;
    private final SslContext clientTls;

    RawTlsRunner() throws Exception {
        group = new MultiThreadIoEventLoopGroup(Math.min(4, Runtime.getRuntime().availableProcessors()),
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        SelfSignedCertificate cert = new SelfSignedCertificate("bench", new java.security.SecureRandom(), 2048);
        SslContext serverTls = SslContextBuilder.forServer(cert.certificate(), cert.privateKey())
                .sslProvider(provider()).protocols("TLSv1.3", "TLSv1.2").build();
        clientTls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .sslProvider(provider()).protocols("TLSv1.3", "TLSv1.2").build();
        server = new ServerBootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(serverTls.newHandler(ch.alloc()), new ServerSide());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        front = Rtt.front(((java.net.InetSocketAddress) server.localAddress()).getPort());
    }

    public static void main(String[] args) throws Exception {
        try (RawTlsRunner runner = new RawTlsRunner()) {
            Measurements.run(runner, Params.from(args));
        }
        System.exit(0);
    }

    /** Reads the 9-byte command, then counts an upload or streams a download. */
    private static final class ServerSide extends ChannelInboundHandlerAdapter {
        private final ByteBuf command = Unpooled.buffer(9);
        private long expected = -1;
        private long received;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (expected < 0) {
                    in.readBytes(command, Math.min(in.readableBytes(), command.writableBytes()));
                    if (command.isWritable()) {
                        return;
                    }
                    byte op = command.readByte();
                    long n = command.readLong();
                    if (op == 'D') {
                        ctx.pipeline().addLast(new Pump(n, () -> { }));
                        return;
                    }
                    expected = n;
                }
                received += in.readableBytes();
                if (received >= expected) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
                    expected = -1;
                    received = 0;
                    command.clear();
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            command.release();
        }
    }

    /** Writes n bytes as fast as the channel takes them, resuming when it becomes writable again. */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        private final Runnable whenDone;
        private long left;
        private ChannelHandlerContext ctx;

        Pump(long n, Runnable whenDone) {
            this.left = n;
            this.whenDone = whenDone;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            pump();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump();
            ctx.fireChannelWritabilityChanged();
        }

        private void pump() {
            while (left > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(CHUNK, left);
                ctx.write(CHUNK_BYTES.retainedSlice(0, n));
                left -= n;
            }
            ctx.flush();
            if (left == 0) {
                left = -1;
                whenDone.run();
            }
        }
    }

    private Channel connect(Consumer<ByteBuf> onData) throws InterruptedException {
        return new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(clientTls.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf b = (ByteBuf) msg;
                                try {
                                    onData.accept(b);
                                } finally {
                                    b.release();
                                }
                            }
                        });
                    }
                })
                .connect("127.0.0.1", front.port()).sync().channel();
    }

    @Override
    public String system() {
        return "rawtls";
    }

    @Override
    public void echo(byte[] body, Consumer<Throwable> done) {
        done.accept(new UnsupportedOperationException("raw TLS has no calls"));
    }

    @Override
    public Long upload(long bytes) throws Exception {
        CompletableFuture<Long> acked = new CompletableFuture<>();
        Channel ch = connect(b -> acked.complete(bytes));
        try {
            ch.writeAndFlush(Unpooled.buffer(9).writeByte('U').writeLong(bytes));
            ch.eventLoop().execute(() -> ch.pipeline().addLast(new Pump(bytes, () -> { })));
            return acked.get(10, TimeUnit.MINUTES);
        } finally {
            ch.close().sync();
        }
    }

    @Override
    public Long download(long bytes) throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        long[] received = {0};
        Channel ch = connect(b -> {
            received[0] += b.readableBytes();
            if (received[0] >= bytes) {
                done.complete(received[0]);
            }
        });
        try {
            ch.writeAndFlush(Unpooled.buffer(9).writeByte('D').writeLong(bytes));
            return done.get(10, TimeUnit.MINUTES);
        } finally {
            ch.close().sync();
        }
    }

    @Override
    public boolean supportsCalls() {
        return false;
    }

    @Override
    public int connections(int n) {
        return -1;
    }

    @Override
    public void close() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        front.close();
    }

    /** The TLS provider of this run: {@code -Dbench.tls=openssl} (default) or {@code jdk}, the same for every system. */
    static SslProvider provider() {
        return "jdk".equals(System.getProperty("bench.tls", "openssl")) ? SslProvider.JDK : SslProvider.OPENSSL;
    }
}
