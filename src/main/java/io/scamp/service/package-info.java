/**
 * The responder side: {@link io.scamp.service.ScampService} is a set of actions served over
 * TLS, built with {@link io.scamp.service.ScampService#builder()} and started as a
 * {@link io.scamp.service.RunningService}, which binds a port, publishes its announcement
 * through the announcers it was given, checks tickets for protected actions when it has an
 * authorization, and drains gracefully on stop. Handlers run on the connection's event loop
 * and must not block.
 */
package io.scamp.service;
