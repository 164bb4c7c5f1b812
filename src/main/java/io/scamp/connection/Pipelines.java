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

    private Pipelines() {
    }

    /** Installs TLS, decoder and multiplexer on {@code channel}; returns the multiplexer. */
    public static ScampConnection install(Channel channel, SslContext tls, String peerHost, int peerPort,
            ConnectionSettings settings, RequestDispatcher dispatcher, long handshakeTimeoutMillis) {
        SslHandler ssl = peerHost == null ? tls.newHandler(channel.alloc()) : tls.newHandler(channel.alloc(), peerHost, peerPort);
        ssl.setHandshakeTimeout(handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
        ScampConnection connection = new ScampConnection(settings, dispatcher, true);
        channel.pipeline().addLast("tls", ssl).addLast("packets", new PacketDecoder()).addLast("scamp", connection);
        return connection;
    }

    /** Applies TCP_NODELAY and the write-buffer water marks to an accepted or connected channel. */
    public static void configure(Channel channel) {
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        channel.config().setWriteBufferWaterMark(WATER_MARK);
    }
}
