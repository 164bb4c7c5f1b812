package io.scamp.connection;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.NonBlocking;

/**
 * The Netty event loops a client or service runs on: daemon threads named {@code prefix-*},
 * on the native epoll transport where it loads (Linux with {@code netty-transport-native-epoll}
 * on the class path), NIO otherwise. Each connection is pinned to one loop, which owns all of
 * its state. A service's listener has a loop of its own, so accepting never waits behind
 * a busy connection.
 */
public final class EventLoops {
    private static final boolean EPOLL = Epoll.isAvailable();

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;

    private EventLoops(String prefix, int workers, boolean accepting) {
        this.acceptor = accepting ? new MultiThreadIoEventLoopGroup(1, new LoopThreads(prefix + "-accept"), ioHandler()) : null;
        this.workers = new MultiThreadIoEventLoopGroup(workers, new LoopThreads(prefix), ioHandler());
    }

    /**
     * Daemon loop threads that Reactor counts as non-blocking ({@link NonBlocking}), as Reactor
     * Netty's are: a {@code block()} on one fails at once instead of stalling every connection
     * of the loop, and {@code close()} knows not to wait there.
     */
    private static final class LoopThreads extends DefaultThreadFactory {
        LoopThreads(String prefix) {
            super(prefix, true);
        }

        @Override
        protected Thread newThread(Runnable task, String name) {
            return new LoopThread(threadGroup, task, name);
        }
    }

    /** A loop thread: Netty's fast thread-locals, and Reactor's non-blocking mark. */
    private static final class LoopThread extends FastThreadLocalThread implements NonBlocking {
        LoopThread(ThreadGroup group, Runnable task, String name) {
            super(group, task, name);
        }
    }

    /**
     * Loops named {@code prefix-*}, {@code workers} of them (at least one), plus one accepting loop.
     *
     * @param prefix the thread-name prefix, such as {@code scamp-client}; the accepting loop's
     *     thread is {@code prefix-accept-*}
     * @param workers how many worker loops; values below 1 mean 1
     * @return the loops, to be {@link #shutdown() shut down} by their owner
     */
    public static EventLoops create(String prefix, int workers) {
        return new EventLoops(prefix, Math.max(1, workers), true);
    }

    /**
     * Worker loops only, for a client: it accepts no connections, so it needs no accepting loop.
     *
     * @param prefix the thread-name prefix, such as {@code scamp-client}
     * @param workers how many worker loops; values below 1 mean 1
     * @return the loops, to be {@link #shutdown() shut down} by their owner
     */
    public static EventLoops createForClient(String prefix, int workers) {
        return new EventLoops(prefix, Math.max(1, workers), false);
    }

    /**
     * One worker per core, at most four: a connection is bound to one loop anyway.
     *
     * @return {@code min(4, available processors)}
     */
    public static int defaultWorkers() {
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The loops client connections run on.
     *
     * @return the worker loops (the same group as {@link #serverWorkerGroup()})
     */
    public EventLoopGroup clientGroup() {
        return workers;
    }

    /**
     * The loop that accepts a service's connections.
     *
     * @return the one-thread accepting group
     * @throws IllegalStateException for loops made by {@link #createForClient}
     */
    public EventLoopGroup serverBossGroup() {
        if (acceptor == null) {
            throw new IllegalStateException("client loops have no accepting loop");
        }
        return acceptor;
    }

    /**
     * The loops a service's accepted connections run on.
     *
     * @return the worker loops (the same group as {@link #clientGroup()})
     */
    public EventLoopGroup serverWorkerGroup() {
        return workers;
    }

    /**
     * The client socket class matching these loops' transport.
     *
     * @return {@code EpollSocketChannel} or {@code NioSocketChannel}, for a Netty
     *     {@code Bootstrap}
     */
    public Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * The server socket class matching these loops' transport.
     *
     * @return {@code EpollServerSocketChannel} or {@code NioServerSocketChannel}, for a Netty
     *     {@code ServerBootstrap}
     */
    public Class<? extends ServerSocketChannel> serverSocketChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * Shuts the loops down without blocking: tasks already queued run, no quiet period, at
     * most 5 s. The {@code Mono} completes once every loop thread has ended; it may be
     * subscribed from any thread, a loop thread of these loops included (it then completes
     * after that thread has left its task).
     *
     * @return a {@code Mono} that starts the shutdown when subscribed to and completes when
     *     every loop thread has ended; it does not fail
     */
    public Mono<Void> shutdown() {
        return acceptor == null ? terminated(workers) : Mono.when(terminated(acceptor), terminated(workers));
    }

    private static Mono<Void> terminated(EventLoopGroup group) {
        return Mono.create(sink -> {
            Future<?> done = group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            done.addListener(f -> sink.success());
        });
    }

    private static IoHandlerFactory ioHandler() {
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }
}
