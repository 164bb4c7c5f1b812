/**
 * Authorization of protected actions (SCAMP.md §8): signed tickets
 * ({@link io.scamp.auth.Ticket}, checked by {@link io.scamp.auth.TicketVerifier}, issued by
 * {@link io.scamp.auth.TicketSigner}), the authz table of privileges each action demands
 * ({@link io.scamp.auth.AuthzTable} and where it comes from, {@link io.scamp.auth.AuthzTableSource}),
 * and {@link io.scamp.auth.ServiceAuthorization}, the check a service runs before a protected
 * handler. Denials become error replies, never dropped connections. See docs/security.md.
 */
package io.scamp.auth;
