package io.scamp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/** The leak guard itself must catch a leak, or every "no leak" claim is hollow. */
class LeakDetectionExtensionTest {

    @Test
    void runsAtParanoidLevel() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void reportsABufferDroppedWithoutRelease() {
        leakOne();
        assertThatThrownBy(() -> LeakDetectionExtension.assertNoLeaks("this test")).isInstanceOf(AssertionError.class).hasMessageContaining("leaked");
    }

    private static void leakOne() {
        ByteBuf leaked = ByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeInt(42);
    }
}
