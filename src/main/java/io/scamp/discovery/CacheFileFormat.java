package io.scamp.discovery;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a discovery cache file (SCAMP.md §7.3): records each introduced by a line
 * {@code %%%}. Reading takes every layout seen in the wild — text before the first
 * {@code %%%}, {@code %%%} on the very first line, extra blank lines, a last record without
 * its final newline. Writing uses the one layout scamp-js reads: {@code \n%%%\n} before each record.
 */
public final class CacheFileFormat {
    static final String SEPARATOR = "%%%";

    private CacheFileFormat() {
    }

    /**
     * The record texts of a cache file, in order, each trimmed of surrounding blank lines.
     *
     * @param file the whole text of a cache file
     * @return the record texts, each ending in one newline; empty records are dropped
     */
    public static List<String> split(String file) {
        List<String> records = new ArrayList<>();
        StringBuilder current = null;
        for (String line : file.replace("\r\n", "\n").split("\n", -1)) {
            if (line.trim().equals(SEPARATOR)) {
                add(records, current);
                current = new StringBuilder();
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        add(records, current);
        return records;
    }

    private static void add(List<String> records, StringBuilder record) {
        if (record == null) {
            return;
        }
        String text = record.toString().strip();
        if (!text.isEmpty()) {
            records.add(text + "\n");
        }
    }

    /**
     * A whole cache file holding {@code records} (each a record text).
     *
     * @param records the record texts
     * @return the file text, {@code \n%%%\n} before each record
     */
    public static String join(List<String> records) {
        StringBuilder out = new StringBuilder();
        for (String record : records) {
            out.append('\n').append(SEPARATOR).append('\n').append(record.strip()).append('\n');
        }
        return out.toString();
    }
}
