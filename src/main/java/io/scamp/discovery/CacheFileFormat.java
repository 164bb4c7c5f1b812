package io.scamp.discovery;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a discovery cache file (SCAMP.md §7.3): records each introduced by a line
 * {@code %%%}. Reading takes every layout seen in the wild — text before the first
 * {@code %%%}, {@code %%%} on the very first line, extra blank lines, a last record without
 * its final newline. Writing uses the one layout scamp-js reads: {@code \n%%%\n} before each record.
 *
 * <p>A cache file is bytes, shared by every service announcing into it: {@link #entries(byte[])}
 * splits it as bytes, so one record that is not UTF-8 text stands alone (reported in its
 * place) and every other record keeps its exact bytes.
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

    /**
     * One record of a cache file split as bytes: its text, or why it has none.
     *
     * @param text the record text (as {@link #split(String)} gives it) when its bytes are
     *     UTF-8, else {@code null}
     * @param problem why the record has no text (which record, and where its bytes stop
     *     being UTF-8), or {@code null} when it has one
     */
    public record Entry(String text, String problem) {
    }

    /**
     * The records of a cache file's bytes, in order, split as {@link #split(String)} splits text
     * but on the bytes themselves (each byte read as one ISO-8859-1 character, which the split
     * only looks at for line ends, blank lines and {@code %%%}). Each record is then decoded as
     * UTF-8 on its own: a valid one keeps its exact bytes, and one that is not UTF-8 becomes an
     * entry with a problem instead of failing the whole file.
     *
     * @param file the whole content of a cache file
     * @return the records, each with its text or its problem
     */
    public static List<Entry> entries(byte[] file) {
        List<String> raw = split(new String(file, StandardCharsets.ISO_8859_1));
        List<Entry> entries = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            byte[] bytes = raw.get(i).getBytes(StandardCharsets.ISO_8859_1);
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
                entries.add(new Entry(text, null));
            } catch (CharacterCodingException e) {
                entries.add(new Entry(null, "record #" + (i + 1) + " is not valid UTF-8 (from byte " + firstBadByte(bytes)
                        + " of its " + bytes.length + ")"));
            }
        }
        return entries;
    }

    /** The offset of the first byte at which {@code bytes} stop being UTF-8. */
    private static int firstBadByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        decoder.decode(in, java.nio.CharBuffer.allocate(bytes.length), true);
        return in.position();
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
     * The identity a record announces: the second element of its JSON line.
     *
     * @param record a record text, as {@link #split(String)} gives it
     * @return the identity, or {@code null} when the first line is not a JSON array whose second
     *     element is a string (such a record belongs to no identity, and is left alone)
     */
    static String ident(String record) {
        String line = record.strip();
        int end = line.indexOf('\n');
        try {
            com.fasterxml.jackson.databind.JsonNode array = io.scamp.message.ScampJson.mapper()
                    .readTree(end < 0 ? line : line.substring(0, end));
            return array != null && array.isArray() && array.size() > 1 && array.get(1).isTextual() ? array.get(1).asText() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
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
