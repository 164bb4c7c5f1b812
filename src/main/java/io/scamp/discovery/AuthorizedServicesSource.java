package io.scamp.discovery;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * The authorized-services file, re-read when it changes (SCAMP.md §7.4). When the file does
 * not exist: with {@code required} nothing is authorized (and a warning is logged); otherwise
 * (the embedded default on a fresh machine) everything is. A file that exists but cannot be
 * read (permissions, not valid UTF-8) authorizes nothing either way, with a warning: a broken
 * file must never widen what is allowed.
 */
public final class AuthorizedServicesSource {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuthorizedServicesSource.class);

    private AuthorizedServicesSource() {
    }

    /**
     * The rules in {@code file}, kept current: the rules read now, at once, then the rules read
     * again whenever the file's modification time, size or file key changes (so an edit, a
     * rewrite and a rename over it all count), checked every 250 ms on
     * {@link reactor.core.scheduler.Schedulers#boundedElastic()}. Rules equal to the last ones
     * emitted are not emitted again. The flux never completes.
     *
     * <p>{@code required} decides what an absent file gives, on the first read and on every
     * re-read alike ({@link #read(Path, boolean)}): with {@code true} (the path was configured,
     * so the file must exist) no rules, so no service is authorized for any action but
     * {@code _meta.} ones, and a warning is logged; with {@code false} (the embedded default, whose
     * file need not exist yet) {@link AuthorizedServices#allowAll()}, silently. So deleting the file
     * while it is watched withdraws every authorization when it is required, and grants every
     * action to every service when it is not. A file that exists but cannot be read or decoded
     * authorizes nothing in both cases (with a warning).
     *
     * @param file the authorized-services file
     * @param required whether the file must exist: an absent file authorizes nothing if true,
     *     everything if false
     * @return the rules, then each change of them
     */
    public static Flux<AuthorizedServices> watch(Path file, boolean required) {
        return FileWatch.changes(file, CacheFileSource.POLL).map(stamp -> read(file, required)).distinctUntilChanged();
    }

    /**
     * One read, now.
     *
     * @param file the authorized-services file
     * @param required what an absent file gives: rules that authorize nothing (logged as a
     *     warning) if true, {@link AuthorizedServices#allowAll()} if false; a file that exists but
     *     cannot be read or is not valid UTF-8 authorizes nothing either way (logged)
     * @return the rules
     */
    public static AuthorizedServices read(Path file, boolean required) {
        try {
            return AuthorizedServices.read(file);
        } catch (NoSuchFileException e) {
            if (required) {
                LOG.warn("authorized services {} does not exist; no action is authorized", file);
                return AuthorizedServices.unreadable(file, e.toString());
            }
            return AuthorizedServices.allowAll();
        } catch (IOException e) {
            LOG.warn("cannot read authorized services {}: {}; no action is authorized", file, e.toString());
            return AuthorizedServices.unreadable(file, e.toString());
        }
    }

    /**
     * A fixed set of rules.
     *
     * @param rules the rules
     * @return a flux that emits {@code rules} and never completes
     */
    public static Flux<AuthorizedServices> fixed(AuthorizedServices rules) {
        return Flux.just(rules).concatWith(Flux.never());
    }

    static Duration poll() {
        return CacheFileSource.POLL;
    }
}
