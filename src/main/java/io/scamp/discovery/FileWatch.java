package io.scamp.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Notices when a file is written or replaced by polling its attributes (modification time,
 * size and file key, so a rename over it counts). Polling works on every file system and
 * inside containers, where inotify-based watching misses renames from other mounts.
 */
final class FileWatch {
    private FileWatch() {
    }

    /** Emits a tick at once and then whenever {@code file}'s attributes change, checking every {@code period}. */
    static Flux<Stamp> changes(Path file, Duration period) {
        return Flux.interval(Duration.ZERO, period, Schedulers.boundedElastic())
                .map(tick -> Stamp.of(file))
                .distinctUntilChanged();
    }

    /** A file's identity and version as far as polling can tell. */
    record Stamp(boolean exists, long modifiedMillis, long size, Object fileKey) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(true, a.lastModifiedTime().toMillis(), a.size(), Objects.toString(a.fileKey()));
            } catch (NoSuchFileException e) {
                return new Stamp(false, 0, 0, "");
            } catch (IOException e) {
                return new Stamp(false, -1, 0, e.getMessage());
            }
        }
    }
}
