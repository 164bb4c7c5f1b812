package io.scamp.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The multicast datagram format: a record, zlib-compressed (deflate with zlib header). Inflating
 * is bounded so a hostile datagram cannot expand without limit.
 */
final class Datagrams {
    /** The largest inflated record accepted. */
    static final int MAX_RECORD = 1 << 20;

    private Datagrams() {
    }

    static byte[] deflate(String record) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(record.getBytes(StandardCharsets.UTF_8));
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** @throws IllegalArgumentException if not zlib data or larger than {@link #MAX_RECORD} inflated */
    static String inflate(byte[] datagram, int length) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(datagram, 0, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated zlib data");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_RECORD) {
                    throw new IllegalArgumentException("inflates past " + MAX_RECORD + " bytes");
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
