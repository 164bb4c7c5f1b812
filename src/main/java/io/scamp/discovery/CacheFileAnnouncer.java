package io.scamp.discovery;

import io.scamp.discovery.AnnouncementSigner.Announcement;
import io.scamp.tls.ServiceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Registers a service in a discovery cache file: writes its signed record (replacing any
 * older record of the same identity), rewrites it periodically so the file does not go stale,
 * marks it weight 0 while the service drains, and removes it on stop.
 */
public final class CacheFileAnnouncer implements Announcer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CacheFileAnnouncer.class);

    private final Path file;
    private final Duration refresh;
    private Announcement announcement;
    private ServiceIdentity identity;
    private Disposable refresher;

    /**
     * An announcer for {@code file} that rewrites its record every 30 s, well within the
     * 120 s after which readers count a cache file as stale ({@code discovery.cache_max_age}).
     *
     * @param file the discovery cache file, shared with the other services announcing there;
     *     it and its directory are created when missing, and updates are serialised through a
     *     {@code FILE.lock} beside it
     */
    public CacheFileAnnouncer(Path file) {
        this(file, Duration.ofSeconds(30));
    }

    /**
     * An announcer for {@code file} with its own refresh interval.
     *
     * @param file the discovery cache file, shared with the other services announcing there;
     *     it and its directory are created when missing, and updates are serialised through a
     *     {@code FILE.lock} beside it
     * @param refresh how often the record is rewritten with a fresh timestamp, keeping the
     *     file's modification time recent; positive, and well below the readers' maximum age
     *     (not checked here)
     */
    public CacheFileAnnouncer(Path file, Duration refresh) {
        this.file = file;
        this.refresh = refresh;
    }

    /**
     * Writes the record into the cache file and keeps it fresh.
     *
     * @throws DiscoveryException if the file cannot be written (its directory is not writable,
     *     the path is a directory, ...): the service then does not start
     */
    @Override
    public synchronized void start(Announcement a, ServiceIdentity id) {
        this.identity = id;
        try {
            CacheFileWriter.update(file, withRecord(a));
        } catch (IOException e) {
            throw new DiscoveryException("cannot announce " + a.ident() + " in the discovery cache " + file + ": " + e, e);
        }
        this.announcement = a;
        refresher = Flux.interval(refresh, refresh, Schedulers.boundedElastic()).subscribe(t -> republish());
    }

    @Override
    public synchronized void draining() {
        if (announcement != null) {
            announcement = announcement.draining(now());
            publish(announcement);
        }
    }

    @Override
    public synchronized void stop() {
        if (refresher != null) {
            refresher.dispose();
        }
        if (announcement != null) {
            String ident = announcement.ident();
            change(records -> without(records, ident));
            announcement = null;
        }
    }

    private synchronized void republish() {
        if (announcement != null) {
            Announcement a = announcement;
            announcement = new Announcement(a.ident(), a.sector(), a.weight(), a.intervalMillis(), a.address(), a.envelopes(), a.actions(), now());
            publish(announcement);
        }
    }

    private void publish(Announcement a) {
        change(withRecord(a));
    }

    private UnaryOperator<List<String>> withRecord(Announcement a) {
        String record = AnnouncementSigner.sign(a, identity);
        return records -> {
            List<String> others = without(records, a.ident());
            others.add(record);
            return others;
        };
    }

    private void change(UnaryOperator<List<String>> update) {
        try {
            CacheFileWriter.update(file, update);
        } catch (IOException e) {
            LOG.warn("cannot update the discovery cache {}: {}", file, e.toString());
        }
    }

    private static List<String> without(List<String> records, String ident) {
        return new java.util.ArrayList<>(records.stream().filter(r -> !ident.equals(CacheFileFormat.ident(r))).toList());
    }

    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
