package io.scamp.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.scamp.wire.PacketDecoder;
import java.util.concurrent.TimeUnit;

/**
 * Assembles the pipeline every SCAMP connection uses: TLS, the packet decoder, then the
 * {@link ScampConnection} multiplexer.
 */
public final class Pipelines {
    /** Outbound bytes queued before the writer pauses: generous enough for a few full packets. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024);

    /**
     * Unsent bytes the kernel holds for a socket before it stops taking more (Linux
     * {@code TCP_NOTSENT_LOWAT}, epoll only): without it the kernel's auto-tuned send buffer
     * queues megabytes of a bulk transfer ahead of a small call, below anything the fair writer
     * can reorder. Two full-size packets keep the pipe full.
     */
    static final long KERNEL_UNSENT_LIMIT = 2L * io.scamp.wire.PacketEncoder.MAX_BODY;

    private Pipelines() {
    }

    /**
     * Installs TLS, decoder and multiplexer on {@code channel}; returns the multiplexer.
     * Call it from the channel's initializer, before the channel is active.
     *
     * @param channel the new channel, connected or accepted
     * @param tls the client or server context ({@link io.scamp.tls.TlsContexts})
     * @param peerHost the server's host, for a client's TLS engine; {@code null} on the server
     *     side
     * @param peerPort the server's port, used only with {@code peerHost}
     * @param settings the window, idle timeout and heartbeat of the connection
     * @param dispatcher what answers incoming requests; {@link RequestDispatcher#NONE} for a
     *     client
     * @param handshakeTimeoutMillis how long the TLS handshake may take, in milliseconds;
     *     zero for no limit (Netty's rule)
     * @param sharedBudget the receive budget of all connections of the client or service
     * @param metrics what the connection reports to; {@link io.scamp.metrics.ConnectionMetrics#NONE} for nothing
     * @return the connection, {@link ScampConnection#ready() ready} once the handshake is done
     */
    public static ScampConnection install(Channel channel, SslContext tls, String peerHost, int peerPort,
            ConnectionSettings settings, RequestDispatcher dispatcher, long handshakeTimeoutMillis, SharedReceiveBudget sharedBudget,
            io.scamp.metrics.ConnectionMetrics metrics) {
        SslHandler ssl = peerHost == null ? tls.newHandler(channel.alloc()) : tls.newHandler(channel.alloc(), peerHost, peerPort);
        ssl.setHandshakeTimeout(handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
        ScampConnection connection = new ScampConnection(settings, dispatcher, true, sharedBudget, metrics);
        channel.pipeline().addLast("tls", ssl).addLast("packets", new PacketDecoder()).addLast("scamp", connection);
        return connection;
    }

    /**
     * Applies TCP_NODELAY and the write-buffer water marks to an accepted or connected channel.
     * The channel stops being writable above 2 MiB of queued outbound bytes, pausing the
     * writer, and is writable again below 512 KiB; on epoll the kernel keeps at most
     * {@link #KERNEL_UNSENT_LIMIT} unsent.
     *
     * @param channel the channel to configure, before its pipeline is installed
     */
    public static void configure(Channel channel) {
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        channel.config().setWriteBufferWaterMark(WATER_MARK);
        if (channel instanceof io.netty.channel.epoll.EpollSocketChannel) {
            channel.config().setOption(io.netty.channel.epoll.EpollChannelOption.TCP_NOTSENT_LOWAT, KERNEL_UNSENT_LIMIT);
        }
    }
}
