package io.scamp.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scamp.client.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/scamp serve} at {@code -Xmx64m}, as a user runs it, with its GC log in a file so
 * that the heap it keeps can be read from outside. {@link #collectNow()} has it run a full
 * collection ({@code jcmd PID GC.run}); the heap in use after those is what is live, and the
 * most of it over a phase is that phase's live peak (sampled). After the young collections G1
 * runs by itself, the heap in use still holds old garbage, so they do not tell. Its stderr
 * goes to a file too.
 */
final class ServeProcess implements AutoCloseable {
    /** The service's heap. */
    static final long HEAP = 64L << 20;
    /** {@code 30M->8M(64M)} in a unified GC log line: before, after, committed. */
    private static final Pattern GC_SIZES = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private final Process process;
    private final Endpoint endpoint;
    private final Path gcLog;

    private ServeProcess(Process process, Endpoint endpoint, Path gcLog) {
        this.process = process;
        this.endpoint = endpoint;
        this.gcLog = gcLog;
    }

    /**
     * Starts the service and waits for its ready line.
     *
     * @param projectRoot the library's project (where {@code bin/scamp} is)
     * @param workDir where the GC log, stderr and the service's state go
     * @return the ready service
     * @throws IOException if it does not start
     */
    static ServeProcess start(Path projectRoot, Path workDir) throws IOException {
        Path gcLog = workDir.resolve("serve-gc.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(projectRoot.resolve("bin/scamp").toString(), "serve",
                "--bind", "127.0.0.1", "--port", "0"));
        builder.environment().put("JAVA_OPTS", "-Xmx" + (HEAP >> 20) + "m -Xlog:gc:file=" + gcLog);
        builder.environment().put("SCAMP_STATE_DIR", workDir.resolve("state").toString());
        builder.redirectError(workDir.resolve("serve-stderr.log").toFile());
        Process process = builder.start();
        try {
            String ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (ready == null) {
                throw new IOException("scamp serve ended before it was ready; see " + workDir.resolve("serve-stderr.log"));
            }
            JsonNode line = new ObjectMapper().readTree(ready);
            return new ServeProcess(process, Endpoint.of(line.path("address").asText(), line.path("fingerprint").asText()), gcLog);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** Where the GC log ends now: the start of the next phase's part of it. */
    long gcLogMark() throws IOException {
        return Files.size(gcLog);
    }

    /** Has the service run a full collection now, logged like any other. */
    void collectNow() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            jcmd.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The most heap in use right after a full collection since {@code mark} (the live heap's
     * sampled peak), and how many collections of any kind there were.
     *
     * @param mark a {@link #gcLogMark()}
     * @return the figures
     * @throws IOException if the log cannot be read
     */
    HeapAfterGc heapAfterGcSince(long mark) throws IOException {
        byte[] all = Files.readAllBytes(gcLog);
        String since = new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark), StandardCharsets.UTF_8);
        long peak = 0;
        int collections = 0;
        for (String line : since.split("\n")) {
            Matcher m = GC_SIZES.matcher(line);
            if (m.find()) {
                collections++;
                if (line.contains("Pause Full")) {
                    peak = Math.max(peak, bytes(m.group(3), m.group(4)));
                }
            }
        }
        return new HeapAfterGc(peak, collections);
    }

    /** The service's peak resident set (VmHWM), or -1 where {@code /proc} does not tell. */
    long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException noProc) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the service as an operator does (SIGTERM: it drains and exits) and returns its exit
     * code; kills it if it has not ended 30 s later.
     */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static long bytes(String amount, String unit) {
        long n = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }

    /** The most heap in use right after a full collection, and the number of collections of any kind. */
    record HeapAfterGc(long peakBytes, int collections) {
    }
}
