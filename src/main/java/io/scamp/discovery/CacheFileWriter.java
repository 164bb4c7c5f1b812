package io.scamp.discovery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Replaces a discovery cache file atomically (write a temporary file beside it, then rename),
 * so a reader never sees half a file. {@link #update} serialises read-modify-write cycles of
 * cooperating processes with a lock on a sidecar {@code .lock} file.
 */
public final class CacheFileWriter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CacheFileWriter.class);

    private CacheFileWriter() {
    }

    /**
     * Writes {@code records} (record texts) as the whole cache file, creating its directory if
     * needed. Does not take the lock; see {@link #update}.
     *
     * @param file the cache file
     * @param records the record texts
     * @throws IOException if the directory, the temporary file or the rename fails
     */
    public static void write(Path file, List<String> records) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, CacheFileFormat.join(records), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads the record texts (none if the file is absent), applies {@code change}, writes the
     * result, under the lock: a {@code FileLock} on the sibling file {@code <name>.lock} against
     * other processes, and this class's monitor within this one.
     *
     * <p>The file is read as bytes ({@link CacheFileFormat#entries(byte[])}): every record that
     * is UTF-8 text reaches {@code change} with its exact bytes, and one that is not (it could
     * never verify: announcements are UTF-8 JSON, PEM and base64) is logged at WARNING and left
     * out of the file written, instead of failing the update.
     *
     * @param file the cache file
     * @param change given a mutable copy of the current record texts, returns the texts to write
     * @throws IOException if the file, its lock or the write fails
     */
    public static void update(Path file, UnaryOperator<List<String>> change) throws IOException {
        update(file, change, true);
    }

    /** {@link #update}, leaving the file as it is when {@code change} changed nothing and {@code always} is false. */
    private static synchronized void update(Path file, UnaryOperator<List<String>> change, boolean always) throws IOException {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            List<String> records = new ArrayList<>();
            try {
                for (CacheFileFormat.Entry entry : CacheFileFormat.entries(Files.readAllBytes(file))) {
                    if (entry.text() != null) {
                        records.add(entry.text());
                    } else {
                        LOG.warn("discovery cache {}: dropping a record that is not text: {}", file, entry.problem());
                    }
                }
            } catch (NoSuchFileException e) {
                // no file yet: no records
            }
            List<String> changed = change.apply(new ArrayList<>(records));
            if (always || !changed.equals(records)) {
                write(file, changed);
            }
        }
    }

    /**
     * Puts a signed record into the cache file under the lock ({@link #update}): every earlier
     * record of the same identity is replaced by it, in the place of the first one (or at the
     * end); every other record is kept byte for byte.
     *
     * @param file the cache file; created, with its directory, when missing
     * @param record the record text (JSON line, blank line, PEM, blank line, signature)
     * @throws IllegalArgumentException if the record's first line names no identity
     * @throws IOException if the file, its lock or the write fails
     */
    public static void put(Path file, String record) throws IOException {
        String ident = CacheFileFormat.ident(record);
        if (ident == null) {
            throw new IllegalArgumentException("the record's first line is not a JSON array with an identity");
        }
        update(file, records -> {
            List<String> out = new ArrayList<>();
            boolean placed = false;
            for (String r : records) {
                if (!ident.equals(CacheFileFormat.ident(r))) {
                    out.add(r);
                } else if (!placed) {
                    out.add(record);
                    placed = true;
                }
            }
            if (!placed) {
                out.add(record);
            }
            return out;
        });
    }

    /**
     * Takes every record of identity {@code ident} out of the cache file, under the lock
     * ({@link #update}); the other records are kept byte for byte.
     *
     * @param file an existing cache file
     * @param ident the identity, compared exactly
     * @return how many records were taken out; when none, the file is left as it is (its
     *     modification time, which says whether a cache is fresh, included)
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException if the file, its lock or the write fails
     */
    public static int remove(Path file, String ident) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        int[] removed = {0};
        update(file, records -> {
            List<String> out = new ArrayList<>();
            for (String r : records) {
                if (ident.equals(CacheFileFormat.ident(r))) {
                    removed[0]++;
                } else {
                    out.add(r);
                }
            }
            return out;
        }, false);
        return removed[0];
    }
}
