package io.scamp.cli;

import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the command's two small HTTP endpoints (the dashboard, {@code serve --metrics}) on the
 * JDK's {@code HttpServer} share: a bounded pool of daemon threads to answer on, and the URL
 * of the address they listen on.
 */
final class LocalHttp {
    private LocalHttp() {
    }

    /**
     * {@code threads} daemon threads named {@code name-N} and {@code waiting} requests queued; a
     * request beyond that is refused (its connection closed), so a slow client holds one
     * thread, not the endpoint, and nothing queues without bound.
     */
    static ThreadPoolExecutor boundedPool(String name, int threads, int waiting) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(waiting), work -> {
            Thread t = new Thread(work, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** {@code http://HOST:PORT} + {@code path} for a bound address, an IPv6 host in brackets. */
    static String url(InetSocketAddress bound, String path) {
        return "http://" + io.scamp.wire.HostPort.of(bound.getAddress().getHostAddress(), bound.getPort()) + path;
    }
}
