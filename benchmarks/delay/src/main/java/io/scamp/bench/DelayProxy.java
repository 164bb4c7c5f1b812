package io.scamp.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A user-space stand-in for a network path with a round-trip time (there is no {@code tc
 * netem} on the benchmark machine): listens on loopback, opens a connection to the target for
 * every connection it accepts, and forwards each direction's bytes after a fixed one-way
 * delay, in order, the close of a side included.
 *
 * <p><b>Timing.</b> Every read is stamped with its due time ({@code System.nanoTime()} + the
 * delay) and appended to its direction's queue; one task per direction, scheduled on the
 * connection's event loop for the head's due time, writes everything that is due, flushes
 * once, and schedules itself for the next head. Netty's scheduler is {@code nanoTime}-based;
 * what bounds its precision is how the event loop sleeps. Netty's epoll loop waits with
 * nanosecond precision ({@code epoll_pwait2}, or a {@code timerfd}) for waits under
 * {@code io.netty.channel.epoll.epollWaitThreshold} (10 ms by default) and with
 * {@code epoll_wait}'s milliseconds above it; this class sets the threshold to 0, so every
 * wait is precise. NIO's {@code Selector.select(ms)} rounds every wait up to a millisecond,
 * so epoll is required in practice (a warning is printed without it). What remains is the
 * machine's wake-up latency (on the 2-core benchmark VM a {@code parkNanos(250 us)} wakes
 * about 0.1 ms late, and so does this loop when idle; a loop busy with I/O does not sleep)
 * and, under load, the loop's current pass over ready sockets. How late the releases were is
 * recorded ({@link #stats()}) and printed when the process ends.
 *
 * <p><b>Bound.</b> Per direction of a connection, the bytes read but not yet written to the
 * other socket (the delay queue plus Netty's outbound buffer) are counted; above
 * {@code boundBytes} the reading side's {@code autoRead} is turned off, and back on when the
 * count falls to half the bound, so a sender faster than the bound allows is held back by
 * TCP, as by a full router queue. A path of one-way delay d carrying rate r holds r × d bytes
 * in the proxy, so the bound caps a direction at {@code boundBytes / d}: the default,
 * {@value #DEFAULT_BOUND_MIB} MiB, allows 6.7 GB/s at 10 ms RTT (5 ms one way), well above
 * what one TLS connection moves on loopback here (about 2.4 GB/s, 12 MB in flight). Beyond
 * that bound the proxy caps nothing but by its CPU: buffers are forwarded as read, not copied.
 *
 * <p>Run as a process ({@link #main}); it prints {@code LISTENING port} on stdout and stops,
 * printing its statistics on stderr, when its stdin ends (when its parent exits).
 */
public final class DelayProxy implements AutoCloseable {
    static final int DEFAULT_BOUND_MIB = 32;
    /** The default bound of bytes held per direction of a connection: {@value #DEFAULT_BOUND_MIB} MiB. */
    public static final long DEFAULT_BOUND = (long) DEFAULT_BOUND_MIB << 20;
    private static final long MAX_LATENESS = 60_000_000_000L;

    static {
        // Always sleep on the timerfd (ns) rather than epoll_wait's millisecond timeout; see the class comment.
        if (System.getProperty("io.netty.channel.epoll.epollWaitThreshold") == null) {
            System.setProperty("io.netty.channel.epoll.epollWaitThreshold", "0");
        }
    }

    private final InetSocketAddress target;
    private final long delayNanos;
    private final long bound;
    private final EventLoopGroup group;
    private final boolean epoll;
    private final Channel listener;
    private final Stats stats = new Stats();

    /**
     * Starts a proxy on an ephemeral loopback port.
     *
     * @param target where to forward to
     * @param oneWayDelayNanos the delay of each direction (half the round-trip time), 0 or more
     * @param boundBytes bytes held per direction of a connection before its reading side pauses
     * @param threads event loops (each connection and its outbound one stay on one)
     */
    public DelayProxy(InetSocketAddress target, long oneWayDelayNanos, long boundBytes, int threads) throws InterruptedException {
        if (oneWayDelayNanos < 0 || boundBytes <= 0) {
            throw new IllegalArgumentException("delay " + oneWayDelayNanos + " ns, bound " + boundBytes);
        }
        this.target = target;
        this.delayNanos = oneWayDelayNanos;
        this.bound = boundBytes;
        this.epoll = Epoll.isAvailable();
        if (!epoll) {
            System.err.println("delay proxy: epoll unavailable; NIO rounds timer waits up to 1 ms, delays will be late");
        }
        group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        listener = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted(ch);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** Where clients connect. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** What the proxy forwarded so far and how late it released it. */
    public Stats stats() {
        return stats;
    }

    private void accepted(SocketChannel inbound) {
        Direction up = new Direction(stats.up);
        Direction down = new Direction(stats.down);
        inbound.pipeline().addLast(up);
        up.from = inbound;
        down.to = inbound;
        new Bootstrap().group(inbound.eventLoop())
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
                .handler(down)
                .connect(target)
                .addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        System.err.println("delay proxy: cannot reach " + target + ": " + f.cause());
                        inbound.close();
                        return;
                    }
                    Channel outbound = f.channel();
                    up.to = outbound;
                    down.from = outbound;
                    if (!inbound.isActive()) {
                        outbound.close();
                        return;
                    }
                    inbound.config().setAutoRead(true);
                    outbound.config().setAutoRead(true);
                });
    }

    /** One direction of one connection: reads of {@code from}, released to {@code to} when due. */
    private final class Direction extends ChannelInboundHandlerAdapter {
        private final DirectionStats totals;
        private final ArrayDeque<Delayed> queue = new ArrayDeque<>();
        Channel from;
        Channel to;
        private long held;
        private long peakHeld;
        private boolean paused;
        private ScheduledFuture<?> timer;

        Direction(DirectionStats totals) {
            this.totals = totals;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (!buf.isReadable()) {
                buf.release();
                return;
            }
            int n = buf.readableBytes();
            held += n;
            totals.bytes.addAndGet(n);
            if (held > peakHeld) {
                peakHeld = held;
                totals.peakHeld.accumulateAndGet(held, Math::max);
            }
            if (held > bound && !paused) {
                paused = true;
                from.config().setAutoRead(false);
            }
            enqueue(ctx.channel().eventLoop(), buf);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            enqueue(ctx.channel().eventLoop(), null); // the close travels with the same delay, after the data
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void enqueue(EventLoop loop, ByteBuf buf) {
            long due = System.nanoTime() + delayNanos;
            queue.add(new Delayed(buf, due));
            if (timer == null) {
                arm(loop, due);
            }
        }

        private void arm(EventLoop loop, long due) {
            timer = loop.schedule(() -> release(loop), Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        /** Writes every chunk that is due, flushes once, and sleeps until the next one is. */
        private void release(EventLoop loop) {
            timer = null;
            long now = System.nanoTime();
            boolean wrote = false;
            Delayed d;
            while ((d = queue.peek()) != null && d.due - now <= 0) {
                queue.poll();
                totals.lateness.recordValue(Math.min(now - d.due, MAX_LATENESS));
                if (d.buf == null) {
                    finish();
                    return;
                }
                if (to == null || !to.isActive()) {
                    held -= d.buf.readableBytes();
                    d.buf.release();
                    continue;
                }
                int n = d.buf.readableBytes();
                to.write(d.buf).addListener(f -> written(n, f.isSuccess()));
                wrote = true;
            }
            if (wrote) {
                to.flush();
            }
            if (d != null) {
                arm(loop, d.due);
            }
        }

        private void written(int n, boolean ok) {
            held -= n;
            if (!ok) {
                from.close();
            } else if (paused && held <= bound / 2) {
                paused = false;
                from.config().setAutoRead(true);
            }
        }

        /** The reading side closed and everything it sent before is on its way: close the other side. */
        private void finish() {
            for (Delayed d : queue) {
                if (d.buf != null) {
                    d.buf.release();
                }
            }
            queue.clear();
            if (to != null) {
                to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private record Delayed(ByteBuf buf, long due) {
    }

    /** Totals of one direction over all connections so far. */
    public static final class DirectionStats {
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong peakHeld = new AtomicLong();
        private final ConcurrentHistogram lateness = new ConcurrentHistogram(MAX_LATENESS, 2);

        /** Bytes forwarded. */
        public long bytes() {
            return bytes.get();
        }

        /** The most bytes one connection held in this direction at once. */
        public long peakHeld() {
            return peakHeld.get();
        }

        /** How late the releases were, in ns (one value per read released). */
        public Histogram lateness() {
            return lateness.copy();
        }

        public String describe() {
            Histogram late = lateness();
            return String.format(Locale.ROOT, "%.1f MiB, held at most %.1f MiB, released late by p50 %.0f / p99 %.0f / max %.0f us",
                    bytes.get() / 1048576.0, peakHeld.get() / 1048576.0, late.getValueAtPercentile(50) / 1e3,
                    late.getValueAtPercentile(99) / 1e3, late.getMaxValue() / 1e3);
        }
    }

    /** Statistics per direction (up: towards the target), over all connections. */
    public static final class Stats {
        final DirectionStats up = new DirectionStats();
        final DirectionStats down = new DirectionStats();

        public DirectionStats up() {
            return up;
        }

        public DirectionStats down() {
            return down;
        }
    }

    @Override
    public void close() throws InterruptedException {
        listener.close().sync();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }

    /**
     * {@code DelayProxy HOST:PORT ONE_WAY_MS [BOUND_BYTES [THREADS]]}: prints {@code LISTENING port},
     * forwards until stdin ends, then prints what it forwarded on stderr.
     */
    public static void main(String[] args) throws Exception {
        String[] hostPort = args[0].split(":");
        double oneWayMs = Double.parseDouble(args[1]);
        long bound = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_BOUND;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        DelayProxy proxy = new DelayProxy(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])),
                Math.round(oneWayMs * 1e6), bound, threads);
        System.out.println("LISTENING " + proxy.address().getPort());
        System.out.flush();
        drain(System.in);
        proxy.close();
        System.err.printf(Locale.ROOT, "delay proxy (%s ms one way, bound %d MiB): up %s; down %s%n", args[1], bound >> 20,
                proxy.stats.up.describe(), proxy.stats.down.describe());
    }

    private static void drain(InputStream in) {
        try {
            byte[] b = new byte[256];
            while (in.read(b) >= 0) {
                // nothing is expected on stdin; its end is the signal to stop
            }
        } catch (IOException e) {
            // the parent is gone
        }
    }
}
