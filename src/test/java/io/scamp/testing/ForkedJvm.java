package io.scamp.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a test main class in a JVM of its own with a 64 MiB heap (and 64 MiB of direct
 * memory), on this JVM's class path. The JVM exits at its first {@link OutOfMemoryError}
 * ({@code -XX:+ExitOnOutOfMemoryError}, exit code 3), so a process that ran out of memory is
 * seen as dead, not as one that lingers on in an unknown state. Its stderr goes to ours.
 */
public final class ForkedJvm {
    /** The heap every forked JVM gets, in bytes. */
    public static final long HEAP = 64L << 20;

    private ForkedJvm() {
    }

    /**
     * Starts {@code mainClass} with {@code -Dkey=value} for each of {@code properties}.
     *
     * @param mainClass a class with a main method on the test class path
     * @param properties system properties for the new JVM
     * @param args the main method's arguments
     * @return the running process; the caller must stop it ({@code destroyForcibly} in a finally)
     * @throws IOException if the JVM cannot be started
     */
    public static Process start(String mainClass, Map<String, String> properties, String... args) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx64m", "-XX:MaxDirectMemorySize=64m",
                "-XX:+ExitOnOutOfMemoryError"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        // The same SLF4J backend as this JVM's: the class path holds two (the tests' and the command's).
        command.add("-Dslf4j.provider=" + System.getProperty("slf4j.provider", ""));
        command.add("-Dslf4j.internal.verbosity=WARN");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).directory(new File(".")).start();
    }
}
