package io.scamp.connection;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;
import reactor.netty.resources.LoopResources;

/**
 * The Netty event loops a client or service runs on, from Reactor Netty's
 * {@link LoopResources}: daemon threads, and the native epoll transport when the platform has
 * it. Each connection is pinned to one loop, which owns all of its state.
 */
public final class EventLoops implements AutoCloseable {
    private final LoopResources resources;

    private EventLoops(LoopResources resources) {
        this.resources = resources;
    }

    /** Loops named {@code prefix-*}, {@code workers} of them (at least one). */
    public static EventLoops create(String prefix, int workers) {
        return new EventLoops(LoopResources.create(prefix, 1, Math.max(1, workers), true));
    }

    /** One worker per core, at most four: a connection is bound to one loop anyway. */
    public static int defaultWorkers() {
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    public EventLoopGroup clientGroup() {
        return resources.onClient(true);
    }

    public EventLoopGroup serverBossGroup() {
        return resources.onServerSelect(true);
    }

    public EventLoopGroup serverWorkerGroup() {
        return resources.onServer(true);
    }

    public Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return resources.onChannelClass(SocketChannel.class, group);
    }

    public Class<? extends ServerSocketChannel> serverSocketChannel(EventLoopGroup group) {
        return resources.onChannelClass(ServerSocketChannel.class, group);
    }

    /** Shuts the loops down, waiting briefly for them to finish. */
    @Override
    public void close() {
        resources.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }
}
