package io.scamp.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test during which Netty's leak detector reported a leaked buffer.
 *
 * <p>Registered for every test through {@code META-INF/services} (JUnit extension
 * auto-detection is on in {@code junit-platform.properties}). Surefire runs the JVM with
 * {@code -Dio.netty.leakDetection.level=paranoid}; Netty logs leaks through SLF4J, which
 * the tests bind to {@code java.util.logging} (slf4j-jdk14, named by {@code -Dslf4j.provider}
 * in the pom), so a handler on the detector's logger collects them. After each test it forces a collection and a few
 * allocations, which is when Netty notices buffers that were collected unreleased.
 */
public final class LeakDetectionExtension implements AfterEachCallback {
    private static final List<String> LEAKS = new ArrayList<>();
    private static final Logger DETECTOR_LOGGER = Logger.getLogger(ResourceLeakDetector.class.getName());

    static {
        DETECTOR_LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue() || String.valueOf(record.getMessage()).contains("LEAK")) {
                    synchronized (LEAKS) {
                        LEAKS.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertNoLeaks(context.getDisplayName());
    }

    /** Forces the detector to look for collected, unreleased buffers and fails if it found any. */
    public static void assertNoLeaks(String where) {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.yield();
            provokeLeakCheck();
        }
        List<String> found;
        synchronized (LEAKS) {
            found = new ArrayList<>(LEAKS);
            LEAKS.clear();
        }
        if (!found.isEmpty()) {
            throw new AssertionError("Netty reported " + found.size() + " leaked buffer(s) during or before "
                    + where + ":\n" + String.join("\n", found));
        }
    }

    /** Every tracked allocation makes the detector poll its queue of collected-but-unreleased buffers. */
    private static void provokeLeakCheck() {
        for (int i = 0; i < 8; i++) {
            ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
            ByteBuf c = io.netty.buffer.ByteBufAllocator.DEFAULT.buffer(16);
            a.release();
            b.release();
            c.release();
        }
    }
}
