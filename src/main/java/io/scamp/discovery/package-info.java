/**
 * How requesters find services (SCAMP.md §7): signed announcement records
 * ({@link io.scamp.discovery.AnnouncementRecord}, parsed by
 * {@link io.scamp.discovery.AnnouncementParser}, made by
 * {@link io.scamp.discovery.AnnouncementSigner}), the sources that supply them (a cache
 * file, the multicast group, a fixed list), the authorized-services rules that decide which
 * certificate may offer which action, and the live {@link io.scamp.discovery.ServiceDirectory}
 * that merges all of it into {@link io.scamp.discovery.ServiceTable} snapshots for routing.
 * Services publish themselves through an {@link io.scamp.discovery.Announcer}. See
 * docs/discovery.md.
 */
package io.scamp.discovery;
