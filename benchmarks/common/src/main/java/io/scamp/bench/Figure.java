package io.scamp.bench;

import java.util.Locale;

/** One measured figure of one system, printed by runners as {@code FIGURE name system value unit}. */
public record Figure(String name, String system, double value, String unit) {
    static final String PREFIX = "FIGURE ";

    public String line() {
        return PREFIX + name + " " + system + " " + String.format(Locale.ROOT, "%.3f", value) + " " + unit;
    }

    static Figure parse(String line) {
        String[] p = line.substring(PREFIX.length()).trim().split(" ");
        return new Figure(p[0], p[1], Double.parseDouble(p[2]), p[3]);
    }
}
