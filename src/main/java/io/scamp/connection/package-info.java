/**
 * <strong>Internal: not part of the public API.</strong> One multiplexed SCAMP connection
 * (SCAMP.md §3, §4, §6): the {@link io.scamp.connection.ScampConnection} handler that runs
 * many messages at once over one TLS channel, the per-message sending and receiving state
 * with ACK flow control, the fair writer, request timeouts, the Netty pipeline and the event
 * loops. Its types are public only so the client and service packages can use them; they may
 * change or disappear in any release without notice, and applications should not depend on
 * them. Use {@link io.scamp.client.ScampClient} and {@link io.scamp.service.ScampService},
 * which build and own connections.
 */
package io.scamp.connection;
