package io.scamp.service;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.scamp.message.TransportException;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Binds a listening socket on a random port of a range, retrying another random port on
 * "address in use" (SCAMP.md §1: {@code beepish.first_port}..{@code last_port},
 * {@code beepish.bind_tries} attempts).
 */
final class PortBinder {
    private PortBinder() {
    }

    static Channel bind(ServerBootstrap bootstrap, String host, int first, int last, int tries) throws InterruptedException {
        Throwable lastFailure = null;
        for (int attempt = 0; attempt < tries; attempt++) {
            int port = first == last ? first : ThreadLocalRandom.current().nextInt(first, last + 1);
            ChannelFuture bound = bootstrap.bind(host, port).await();
            if (bound.isSuccess()) {
                return bound.channel();
            }
            lastFailure = bound.cause();
            // "Address in use" is a java.net.BindException on NIO but a NativeIoException (errno
            // EADDRINUSE) on epoll; both are IOExceptions about this port, so another port is tried.
            if (!(lastFailure instanceof IOException)) {
                break;
            }
        }
        throw new TransportException("cannot bind " + host + " on a port in " + first + ".." + last + " after "
                + tries + " tries: " + (lastFailure == null ? "unknown" : lastFailure.getMessage()), false, lastFailure);
    }
}
