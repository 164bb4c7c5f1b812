package io.scamp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micrometer is optional: a service and a client without metrics work in a JVM whose class
 * path lacks it, and with it on the class path none of its metrics classes is loaded unless a
 * builder was given a registry.
 */
class MetricsAbsentIT {
    @TempDir
    Path dir;

    /** Runs {@link WithoutMetricsMain} on {@code classPath} with {@code jvmOptions}; returns its stdout. */
    private String run(List<String> classPath, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), WithoutMetricsMain.class.getName()));
        Path out = dir.resolve("stdout.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("SCAMP_STATE_DIR", dir.resolve("state").toString());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the JVM finished").isTrue();
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("exit code; stdout:%n%s", stdout).isZero();
            return stdout;
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<String> classPath() {
        return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    @Test
    void aServiceAndAClientWorkWithoutMicrometerOnTheClassPath() throws Exception {
        List<String> without = classPath().stream().filter(e -> !e.contains("micrometer") && !e.contains("prometheus")).toList();
        assertThat(without).hasSizeLessThan(classPath().size());

        String stdout = run(without);

        assertThat(stdout).contains("micrometer absent").contains("echoed: hello");
    }

    @Test
    void withMicrometerPresentNoneOfItsMetricsClassesIsLoadedWithoutARegistry() throws Exception {
        Path loaded = dir.resolve("classes.log");

        String stdout = run(classPath(), "-Xlog:class+load=info:file=" + loaded);

        assertThat(stdout).contains("micrometer present").contains("echoed: hello");
        List<String> lines = Files.readAllLines(loaded, StandardCharsets.UTF_8);
        assertThat(lines.stream().filter(l -> l.contains("io.scamp.connection.ScampConnection ")).toList())
                .as("the log lists the classes the call loaded").isNotEmpty();
        assertThat(lines.stream().filter(l -> l.contains("io.micrometer.core.") || l.contains("io.scamp.metrics.Micrometer")
                || l.contains("io.micrometer.prometheusmetrics.")).collect(Collectors.toList())).isEmpty();
    }
}
