package io.scamp.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The RTT sweep's charts, as plain SVG written by hand (no dependencies):
 * {@link #throughputVsRtt} (upload and download MB/s of the three systems against the
 * round-trip time, log scale) and {@link #windowOverTime} (one transfer's window and
 * unacknowledged bytes, from a {@link WindowTrace} CSV).
 */
final class Charts {
    private static final List<String> SYSTEMS = List.of("scamp", "rsocket", "rawtls");
    private static final Map<String, String> COLOR = Map.of("scamp", "#d62728", "rsocket", "#1f77b4", "rawtls", "#555555");
    private static final Map<String, String> LABEL = Map.of("scamp", "scamp-reactor (defaults)", "rsocket", "RSocket-Java (request-n 32 MiB)",
            "rawtls", "raw TLS (ceiling)");
    private static final int PANEL_W = 460;
    private static final int HEIGHT = 450;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 70;
    private static final int BOTTOM = 90;

    private Charts() {
    }

    /**
     * Upload and download throughput against RTT, one panel each, a line per system; the x axis
     * has one evenly spaced category per RTT (0 is labelled "direct"), the y axis is
     * logarithmic. {@code medians} maps {@code "upload_MBps_rtt2 scamp"} to its value;
     * {@code transfer} names the size of a transfer ("1 GiB").
     */
    static void throughputVsRtt(Map<String, Double> medians, List<Double> rtts, String transfer, String subtitle, Path out) throws IOException {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (String dir : List.of("upload", "download")) {
            for (String system : SYSTEMS) {
                for (double rtt : rtts) {
                    Double v = medians.get(dir + "_MBps" + Rtt.suffix(rtt) + " " + system);
                    if (v != null && v > 0) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        if (max == 0) {
            return;
        }
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        if (hi <= lo) {
            hi = lo * 10;
        }
        int width = 2 * PANEL_W;
        StringBuilder svg = header(width, HEIGHT);
        text(svg, width / 2.0, 24, "Bulk throughput against round-trip time", "middle", 17, "bold");
        text(svg, width / 2.0, 44, subtitle, "middle", 12, "normal");
        int x0 = 0;
        for (String dir : List.of("upload", "download")) {
            double left = x0 + LEFT;
            double right = x0 + PANEL_W - RIGHT;
            double top = TOP;
            double bottom = HEIGHT - BOTTOM;
            text(svg, (left + right) / 2, top - 8, transfer + " " + dir, "middle", 13, "bold");
            // y grid: 1, 2, 5 x 10^k
            for (double decade = lo; decade <= hi * 1.0001; decade *= 10) {
                for (int m : new int[] {1, 2, 5}) {
                    double v = decade * m;
                    if (v > hi * 1.0001) {
                        break;
                    }
                    double y = bottom - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * (bottom - top);
                    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>%n", left, y,
                            right, y, m == 1 ? "#bbbbbb" : "#e5e5e5"));
                    text(svg, left - 6, y + 4, number(v), "end", 11, "normal");
                }
            }
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#333333\"/>%n", left, top,
                    right - left, bottom - top));
            textRotated(svg, x0 + 18, (top + bottom) / 2, "MB/s (log scale)");
            double step = (right - left) / rtts.size();
            for (int i = 0; i < rtts.size(); i++) {
                double x = left + step * (i + 0.5);
                text(svg, x, bottom + 18, rtts.get(i) == 0 ? "direct" : Rtt.label(rtts.get(i)) + " ms", "middle", 12, "normal");
            }
            text(svg, (left + right) / 2, bottom + 38, "round-trip time (through the delay proxy; direct: loopback)", "middle", 12, "normal");
            int s = 0;
            for (String system : SYSTEMS) {
                List<double[]> points = new ArrayList<>();
                for (int i = 0; i < rtts.size(); i++) {
                    Double v = medians.get(dir + "_MBps" + Rtt.suffix(rtts.get(i)) + " " + system);
                    if (v != null && v > 0) {
                        double y = bottom - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * (bottom - top);
                        points.add(new double[] {left + step * (i + 0.5), y, v});
                    }
                }
                String color = COLOR.get(system);
                if (points.size() > 1) {
                    svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\"")
                            .append(system.equals("rawtls") ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"");
                    for (double[] p : points) {
                        svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
                    }
                    svg.append("\"/>\n");
                }
                for (double[] p : points) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>%n", p[0], p[1], color));
                    // scamp's labels left of the point, RSocket's right, raw TLS's above, so that close values stay legible
                    double dx = new double[] {-8, 8, 0}[s];
                    double dy = new double[] {4, 14, -9}[s];
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"11\" fill=\"%s\" "
                            + "stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>%n", p[0] + dx, p[1] + dy,
                            new String[] {"end", "start", "middle"}[s], color, number(p[2])));
                }
                s++;
            }
            x0 += PANEL_W;
        }
        // legend, under the subtitle
        double lx = LEFT;
        for (String system : SYSTEMS) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", lx, HEIGHT - 12,
                    lx + 24, HEIGHT - 12, COLOR.get(system), system.equals("rawtls") ? " stroke-dasharray=\"6 4\"" : ""));
            text(svg, lx + 30, HEIGHT - 8, LABEL.get(system), "start", 12, "normal");
            lx += 300;
        }
        svg.append("</svg>\n");
        Files.writeString(out, svg, StandardCharsets.UTF_8);
    }

    /**
     * The window and the unacknowledged bytes of one transfer over time, from {@code csv}
     * ({@link WindowTrace}); returns false, writing nothing, when the file is missing or has
     * fewer than two rows.
     */
    static boolean windowOverTime(Path csv, String subtitle, Path out) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return false;
        }
        List<double[]> rows = WindowTrace.read(csv);
        if (rows.size() < 2) {
            return false;
        }
        int stride = Math.max(1, rows.size() / 2000);
        double t0 = rows.get(0)[0];
        double t1 = rows.get(rows.size() - 1)[0];
        double max = 1;
        for (double[] r : rows) {
            max = Math.max(max, Math.max(r[1], r[2]));
        }
        double unit = max >= 4 << 20 ? 1 << 20 : 1 << 10;
        String unitName = unit == 1 << 20 ? "MiB" : "KiB";
        double top = niceCeil(max / unit);
        int width = 2 * PANEL_W;
        double left = LEFT;
        double right = width - RIGHT;
        double y0 = TOP;
        double bottom = HEIGHT - BOTTOM;
        StringBuilder svg = header(width, HEIGHT);
        text(svg, width / 2.0, 24, "Window over time, one transfer", "middle", 17, "bold");
        text(svg, width / 2.0, 44, subtitle, "middle", 12, "normal");
        for (int i = 0; i <= 5; i++) {
            double v = top * i / 5;
            double y = bottom - (bottom - y0) * i / 5;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", left, y, right, y));
            text(svg, left - 6, y + 4, number(v), "end", 11, "normal");
        }
        for (int i = 0; i <= 5; i++) {
            double x = left + (right - left) * i / 5;
            text(svg, x, bottom + 18, number((t1 - t0) * i / 5), "middle", 11, "normal");
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#333333\"/>%n", left, y0,
                right - left, bottom - y0));
        textRotated(svg, 18, (y0 + bottom) / 2, unitName);
        text(svg, (left + right) / 2, bottom + 38, "ms since the transfer started", "middle", 12, "normal");
        String[] colors = {"#d62728", "#1f77b4"};
        String[] names = {"window", "unacknowledged"};
        for (int c = 1; c <= 2; c++) {
            svg.append("<polyline fill=\"none\" stroke=\"").append(colors[c - 1]).append("\" stroke-width=\"1.5\" points=\"");
            double prevY = Double.NaN;
            for (int i = 0; i < rows.size(); i += stride) {
                double[] r = rows.get(i);
                double x = left + (t1 == t0 ? 0 : (r[0] - t0) / (t1 - t0)) * (right - left);
                double y = bottom - Math.max(0, Math.min(1, r[c] / unit / top)) * (bottom - y0);
                if (!Double.isNaN(prevY)) {
                    svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, prevY)); // steps: a value holds until the next row
                }
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                prevY = y;
            }
            svg.append("\"/>\n");
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n", left + (c - 1) * 200.0,
                    HEIGHT - 12, left + (c - 1) * 200.0 + 24, HEIGHT - 12, colors[c - 1]));
            text(svg, left + (c - 1) * 200.0 + 30, HEIGHT - 8, names[c - 1], "start", 12, "normal");
        }
        svg.append("</svg>\n");
        Files.writeString(out, svg, StandardCharsets.UTF_8);
        return true;
    }

    private static StringBuilder header(int width, int height) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"Helvetica, Arial, sans-serif\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        return svg;
    }

    private static void text(StringBuilder svg, double x, double y, String s, String anchor, int size, String weight) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\" fill=\"#222222\">%s</text>%n", x,
                y, anchor, size, weight, escape(s)));
    }

    private static void textRotated(StringBuilder svg, double x, double y, String s) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222222\" "
                + "transform=\"rotate(-90 %.1f %.1f)\">%s</text>%n", x, y, x, y, escape(s)));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** 1, 2 or 5 times a power of ten, at or above {@code v}. */
    private static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (int m : new int[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** A value as a label: thousands separated, no decimals from 10 up, up to 2 significant decimals below. */
    static String number(double v) {
        if (v >= 10 || v == 0) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }
}
