package io.scamp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory target, checked as a user would run it: {@code bin/scamp serve} and two
 * {@code bin/scamp request} processes, each JVM at {@code -Xmx64m}, stream a body of 1 GiB
 * (256 MiB with {@code --quick}) up ({@code Scamp.sink}, from stdin) and down
 * ({@code Scamp.source}, to a counter). Figures: {@code xmx64_ok} (transfers that completed
 * with every byte accounted for, of 2), {@code xmx64_upload_MBps}, {@code xmx64_download_MBps};
 * in the RTT sweep the requests go through the delay proxy, and the names end in {@code _rttN}.
 * This library only: the peers have no such command.
 */
final class SmallHeapCheck {
    private static final Pattern LISTENING = Pattern.compile("\"address\":\"([^\"]+)\",\"fingerprint\":\"([^\"]+)\"");
    private static final Pattern SINK_BYTES = Pattern.compile("\"bytes\":(\\d+)");
    private static final Pattern PORT = Pattern.compile(":(\\d+)$");

    private SmallHeapCheck() {
    }

    static List<Figure> run(Path projectRoot, boolean quick) throws IOException, InterruptedException {
        return run(projectRoot, quick, 0, "");
    }

    /** The check with {@code rttMillis} added by a delay proxy (0: direct), figure names ending in {@code suffix}. */
    static List<Figure> run(Path projectRoot, boolean quick, double rttMillis, String suffix) throws IOException, InterruptedException {
        long bytes = quick ? 256L << 20 : 1L << 30;
        String scamp = projectRoot.resolve("bin/scamp").toString();
        Process server = start(List.of(scamp, "serve", "--bind", "127.0.0.1", "--port", "0"));
        List<Figure> figures = new ArrayList<>();
        try {
            BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = LISTENING.matcher(String.valueOf(serverOut.readLine()));
            if (!m.find()) {
                System.err.println("scamp serve did not start");
                return figures;
            }
            String address = m.group(1);
            String fingerprint = m.group(2);
            Matcher port = PORT.matcher(address);
            if (!port.find()) {
                System.err.println("no port in " + address);
                return figures;
            }
            try (Rtt.Front front = Rtt.front(Integer.parseInt(port.group(1)), rttMillis)) {
                address = address.substring(0, port.start()) + ":" + front.port();
                transfer(scamp, address, fingerprint, bytes, suffix, figures);
            }
            return figures;
        } finally {
            server.destroy(); // SIGTERM: the service drains and exits
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void transfer(String scamp, String address, String fingerprint, long bytes, String suffix, List<Figure> figures)
            throws IOException, InterruptedException {
        int ok = 0;

        long t0 = System.nanoTime();
        Process up = start(List.of(scamp, "request", "Scamp.sink", "--address", address, "--fingerprint", fingerprint, "--data-file", "-"));
        Thread feeder = new Thread(() -> feedZeros(up.getOutputStream(), bytes), "xmx64-feeder");
        feeder.start();
        String sinkReply = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        feeder.join();
        Matcher counted = SINK_BYTES.matcher(sinkReply);
        if (up.waitFor(10, TimeUnit.MINUTES) && up.exitValue() == 0 && counted.find() && Long.parseLong(counted.group(1)) == bytes) {
            ok++;
            figures.add(new Figure("xmx64_upload_MBps" + suffix, "scamp", bytes / 1e6 / ((System.nanoTime() - t0) / 1e9), "MB/s"));
        } else {
            System.err.println("upload at -Xmx64m failed: " + sinkReply);
        }

        t0 = System.nanoTime();
        Process down = start(List.of(scamp, "request", "Scamp.source", "--address", address, "--fingerprint", fingerprint,
                "--data", "{\"bytes\":" + bytes + "}"));
        down.getOutputStream().close();
        long received = count(down.getInputStream());
        if (down.waitFor(10, TimeUnit.MINUTES) && down.exitValue() == 0 && received == bytes) {
            ok++;
            figures.add(new Figure("xmx64_download_MBps" + suffix, "scamp", bytes / 1e6 / ((System.nanoTime() - t0) / 1e9), "MB/s"));
        } else {
            System.err.println("download at -Xmx64m failed after " + received + " bytes");
        }
        figures.add(new Figure("xmx64_ok" + suffix, "scamp", ok, "count"));
    }

    private static Process start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("JAVA_OPTS", "-Xmx64m -XX:+UseParallelGC");
        return pb.start();
    }

    private static void feedZeros(OutputStream out, long bytes) {
        byte[] zeros = new byte[64 * 1024];
        try (out) {
            for (long left = bytes; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        } catch (IOException e) {
            System.err.println("feeding the upload failed: " + e);
        }
    }

    private static long count(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            total += n;
        }
        return total;
    }
}
