package io.scamp.testing;

import io.scamp.client.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EchoServiceMain} in a forked {@code -Xmx64m} JVM ({@link ForkedJvm}), started and
 * ready (its address line read). Closing it closes the service's stdin, which stops it, and
 * kills it if it has not ended 30 s later.
 */
public final class ForkedService implements AutoCloseable {
    private final Process process;
    private final Endpoint endpoint;

    private ForkedService(Process process, Endpoint endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts the service and waits for its ready line.
     *
     * @param properties system properties for its JVM ({@code scamp.test.stallSeconds}, ... as
     *     {@link EchoServiceMain} describes)
     * @return the ready service
     * @throws IOException if it cannot start or ends before printing its address
     */
    public static ForkedService start(Map<String, String> properties) throws IOException {
        Process process = ForkedJvm.start(EchoServiceMain.class.getName(), properties);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("beepish+tls://")) {
                throw new IOException("the forked service did not start; it printed " + ready);
            }
            String[] parts = ready.split(" ");
            return new ForkedService(process, Endpoint.of(parts[0], parts[1]));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Where the service listens, with its fingerprint. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Whether the service's JVM still runs (it exits with code 3 at an OutOfMemoryError). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** A description of the process's state, for assertion messages. */
    public String state() {
        return process.isAlive() ? "running" : "exited with code " + process.exitValue();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException alreadyGone) {
            // it ended by itself: nothing to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
        }
    }
}
