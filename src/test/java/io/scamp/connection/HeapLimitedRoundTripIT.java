package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 256 MiB body through a service and a client that each run in their own JVM with a
 * 64 MiB heap: streaming with ACK backpressure must not need more.
 */
class HeapLimitedRoundTripIT {
    private static final long SIZE = 256L * 1024 * 1024;

    @Test
    void twoHundredFiftySixMiBRoundTripInSixtyFourMiBHeaps() throws Exception {
        Process service = java("io.scamp.testing.EchoServiceMain");
        try {
            BufferedReader serviceOut = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
            String ready = serviceOut.readLine();
            assertThat(ready).as("service ready line").isNotNull().startsWith("beepish+tls://");
            String[] parts = ready.split(" ");

            Process client = java("io.scamp.testing.EchoClientMain", parts[0], parts[1], Long.toString(SIZE));
            try {
                String result = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                assertThat(client.waitFor(5, TimeUnit.MINUTES)).isTrue();
                assertThat(client.exitValue()).as("client exit code").isZero();
                assertThat(result).startsWith("OK " + SIZE + " ");
                long maxHeap = Long.parseLong(result.split(" ")[2]);
                assertThat(maxHeap).isLessThanOrEqualTo(64L * 1024 * 1024);
            } finally {
                client.destroyForcibly();
            }
        } finally {
            service.getOutputStream().close();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    private static Process java(String mainClass, String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(javaBin, "-Xmx64m", "-XX:MaxDirectMemorySize=64m",
                "-Dslf4j.provider=" + System.getProperty("slf4j.provider", ""), "-Dslf4j.internal.verbosity=WARN", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).directory(new File(".")).start();
    }
}
