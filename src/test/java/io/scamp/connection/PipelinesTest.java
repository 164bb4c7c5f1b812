package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * The socket settings every connection gets: the water marks, and on epoll the kernel's bound on
 * unsent bytes (TCP_NOTSENT_LOWAT). What the kernel then holds cannot be read from Java, so this
 * checks that the bound is on the socket; {@link HeadOfLineTest} reaches the writer's own bound.
 */
class PipelinesTest {
    @Test
    void aConnectedEpollSocketGetsTheWaterMarksAndTheKernelsUnsentBound() throws Exception {
        assumeThat(Epoll.isAvailable()).as("epoll on this machine").isTrue();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter()).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Channel client = new Bootstrap().group(group).channel(EpollSocketChannel.class).handler(new ChannelInboundHandlerAdapter())
                    .connect(server.localAddress()).sync().channel();

            Pipelines.configure(client);

            assertThat(client.config().getOption(EpollChannelOption.TCP_NOTSENT_LOWAT)).isEqualTo(Pipelines.KERNEL_UNSENT_LIMIT);
            assertThat(client.config().getWriteBufferWaterMark()).isEqualTo(Pipelines.WATER_MARK);
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
