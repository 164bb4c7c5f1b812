package io.scamp.discovery;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * The authorized-services file, re-read when it changes (SCAMP.md §7.4). When the file is
 * missing: with {@code required} nothing is authorized (and a warning is logged); otherwise
 * (the embedded default on a fresh machine) everything is.
 */
public final class AuthorizedServicesSource {
    private static final System.Logger LOG = System.getLogger(AuthorizedServicesSource.class.getName());

    private AuthorizedServicesSource() {
    }

    public static Flux<AuthorizedServices> watch(Path file, boolean required) {
        return FileWatch.changes(file, CacheFileSource.POLL).map(stamp -> read(file, required)).distinctUntilChanged();
    }

    /** One read, now. */
    public static AuthorizedServices read(Path file, boolean required) {
        try {
            return AuthorizedServices.read(file);
        } catch (IOException e) {
            if (required) {
                LOG.log(System.Logger.Level.WARNING, "cannot read authorized services {0}: {1}; no action is authorized", file, e.toString());
                return AuthorizedServices.unreadable(file, e.toString());
            }
            return AuthorizedServices.allowAll();
        }
    }

    /** A fixed set of rules. */
    public static Flux<AuthorizedServices> fixed(AuthorizedServices rules) {
        return Flux.just(rules).concatWith(Flux.never());
    }

    static Duration poll() {
        return CacheFileSource.POLL;
    }
}
