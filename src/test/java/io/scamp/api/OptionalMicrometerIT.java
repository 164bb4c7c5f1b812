package io.scamp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.testing.PlainCallMain;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micrometer (metrics and the Observation API) is an optional dependency: a client and a
 * service given no registry work in a JVM without any of it on the class path (calls carrying
 * trace fields included), and in one with it load none of its classes, nor the library's own
 * metrics and observation classes ({@link PlainCallMain} in a JVM of its own each time).
 */
class OptionalMicrometerIT {
    @TempDir
    Path dir;

    @Test
    void withoutMicrometerOnTheClassPathClientsAndServicesWorkAsBefore() throws Exception {
        String classPath = classPathWithout(p -> p.contains(File.separator + "io" + File.separator + "micrometer" + File.separator)
                || p.contains(File.separator + "io" + File.separator + "opentelemetry" + File.separator)
                || p.contains(File.separator + "io" + File.separator + "prometheus" + File.separator));
        assertThat(classPath).doesNotContain("micrometer-observation").doesNotContain("micrometer-core");

        List<String> out = run(classPath);

        assertThat(out).contains("micrometer absent", "replies \"plain\" \"traced\"");
    }

    /**
     * Without context-propagation: when that library is on the class path, Reactor itself loads
     * Micrometer's {@code ObservationThreadLocalAccessor} through its service loader at start,
     * whatever this library does.
     */
    @Test
    void withMicrometerPresentButNoRegistryNothingOfItIsLoaded() throws Exception {
        String classPath = classPathWithout(p -> Path.of(p).getFileName().toString().startsWith("context-propagation"));
        assertThat(classPath).contains("micrometer-observation").contains("micrometer-core");

        List<String> out = run(classPath, "-Xlog:class+load=info");

        assertThat(out).contains("micrometer present", "replies \"plain\" \"traced\"");
        assertThat(out).as("classes loaded").anyMatch(line -> line.contains(" io.scamp.client.ScampClient "));
        assertThat(out).filteredOn(line -> line.contains("io.micrometer.") || line.contains("io.scamp.observation.")
                || line.contains("io.scamp.metrics.Micrometer") || line.contains("ObservedRequests") || line.contains("ObservedDispatch"))
                .isEmpty();
    }

    private static String classPathWithout(java.util.function.Predicate<String> excluded) {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).filter(excluded.negate())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Runs {@link PlainCallMain} on {@code classPath}; returns its output once it exited 0 within a minute. */
    private List<String> run(String classPath, String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath, PlainCallMain.class.getName()));
        Path output = dir.resolve("out-" + System.nanoTime() + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("SCAMP_STATE_DIR", dir.resolve("state").toString());
        Process process = builder.start();
        try {
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            assertThat(exited).as("exited within a minute: " + tail(lines)).isTrue();
            assertThat(process.exitValue()).as("exit code; output: " + tail(lines)).isZero();
            return lines;
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 30), lines.size());
    }
}
