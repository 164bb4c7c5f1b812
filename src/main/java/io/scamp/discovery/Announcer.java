package io.scamp.discovery;

import io.scamp.discovery.AnnouncementSigner.Announcement;
import io.scamp.tls.ServiceIdentity;

/**
 * Publishes a running service's announcement somewhere others will find it (a cache file,
 * the multicast group). A service drives it through one life cycle: {@link #start} once it
 * listens, {@link #draining} when it begins to stop, {@link #stop} when it has stopped. The
 * service calls these from one thread at a time, never concurrently; implementations may
 * block (file and socket I/O), since the service calls them off its event loops.
 */
public interface Announcer {
    /**
     * Publishes {@code announcement}, signed with {@code identity}, before returning, and keeps
     * publishing it (refreshed timestamp) until {@link #draining} or {@link #stop}: when this
     * returns, the service can be found. Called once.
     *
     * @param announcement what to announce: ident, sector, weight, interval, address, actions
     * @param identity the key that signs the record and whose certificate it carries
     * @throws DiscoveryException if the first publication fails; the service then fails to
     *     start (and stops the announcers already started) rather than run unannounced.
     *     Later failures (a refresh that cannot be written or sent) are logged, and publishing
     *     is tried again at the next interval.
     */
    void start(Announcement announcement, ServiceIdentity identity);

    /**
     * Publishes the service as draining (weight 0, no actions) so requesters stop routing new
     * requests to it, while it finishes the open ones. Never throws: a failure is logged. May
     * be called without {@link #start} having succeeded; it then does nothing.
     */
    void draining();

    /**
     * Withdraws the announcement where the medium allows it (a cache file drops the record;
     * multicast records simply expire) and releases every resource (timers, sockets). Never
     * throws; idempotent; after it, nothing is published.
     */
    void stop();
}
