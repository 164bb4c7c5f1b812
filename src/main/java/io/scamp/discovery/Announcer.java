package io.scamp.discovery;

import io.scamp.discovery.AnnouncementSigner.Announcement;
import io.scamp.tls.ServiceIdentity;

/**
 * Publishes a running service's announcement somewhere others will find it (a cache file,
 * the multicast group). The service calls {@link #start} once it listens, {@link #draining}
 * when it begins to stop (weight 0, no actions) and {@link #stop} when it has stopped.
 */
public interface Announcer {
    void start(Announcement announcement, ServiceIdentity identity);

    void draining();

    void stop();
}
