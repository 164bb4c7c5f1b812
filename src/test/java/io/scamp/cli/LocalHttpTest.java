package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The endpoints' shared pool refuses work past its threads and queue; their URLs bracket IPv6. */
class LocalHttpTest {
    @Test
    void workPastTheThreadsAndTheQueueIsRefusedNotQueued() throws Exception {
        ThreadPoolExecutor pool = LocalHttp.boundedPool("test-http", 2, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        try {
            for (int i = 0; i < 2; i++) {
                pool.execute(() -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).as("both threads busy, like two slow clients").isTrue();
            pool.execute(() -> { }); // the one place in the queue
            assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
            assertThat(pool.getQueue()).hasSize(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void urlsNameTheBoundAddressWithIpv6InBrackets() throws Exception {
        assertThat(LocalHttp.url(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8370), "/")).isEqualTo("http://127.0.0.1:8370/");
        assertThat(LocalHttp.url(new InetSocketAddress(InetAddress.getByName("::1"), 9000), "/metrics"))
                .isEqualTo("http://[0:0:0:0:0:0:0:1]:9000/metrics");
    }
}
