package io.scamp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Support for the {@code *FuzzTest} targets (docs/fuzzing.md): seeds read from the interop
 * fixtures in place, and a bound on what one input may make a parser allocate.
 */
public final class Fuzzing {
    /** The interop fixtures, read where they are (they are never copied into the project). */
    public static final Path INTEROP = Path.of("../shared/fixtures/interop");

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Fuzzing() {
    }

    /**
     * The bytes of an interop fixture.
     *
     * @param name the file name under {@link #INTEROP}
     * @return its bytes
     */
    public static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(INTEROP.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("interop fixture " + name + " is missing", e);
        }
    }

    /**
     * Seeds for a {@code byte[]} fuzz target, one argument set each; Jazzer runs them as tests in
     * regression mode and adds them to the corpus in fuzzing mode.
     *
     * @param seeds the seed inputs
     * @return the arguments
     */
    public static Stream<Arguments> seeds(List<byte[]> seeds) {
        return seeds.stream().map(s -> Arguments.of((Object) s));
    }

    /**
     * Bytes allocated by the current thread so far (HotSpot's per-thread counter).
     *
     * @return the count, in bytes
     */
    public static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Runs {@code parse} and fails unless it allocated at most {@code limit} bytes on this thread:
     * a parser must not allocate far beyond its input. Over the limit, it runs once more and
     * judges that run, so that what the first use of a class costs (loading, Jazzer's
     * instrumentation) is not taken for the parser's own allocation.
     *
     * @param <T> what the parse gives
     * @param limit the bytes allowed
     * @param what the parser and input, for the message
     * @param parse the parse, which returns its typed failure rather than throwing it
     * @return what the first run gave
     */
    public static <T> T allocatingAtMost(long limit, String what, Supplier<T> parse) {
        long start = allocated();
        T result = parse.get();
        if (allocated() - start > limit) {
            long again = allocated();
            parse.get();
            long used = allocated() - again;
            assertThat(used).as("bytes allocated by %s (limit %d)", what, limit).isLessThanOrEqualTo(limit);
        }
        return result;
    }
}
