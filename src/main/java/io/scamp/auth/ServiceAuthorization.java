package io.scamp.auth;

import io.scamp.message.RemoteActionException;
import io.scamp.message.Request;
import java.util.List;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The check a service makes before a protected action runs (SCAMP.md §8): a valid ticket
 * holding every privilege the authz table lists for the action. Actions missing from the
 * table are denied ("Unconfigured action"). Denials are error replies, never dropped
 * connections:
 *
 * <table>
 * <caption>Error codes of denials</caption>
 * <tr><th>error_code</th><th>when</th></tr>
 * <tr><td>{@code ticket_required}</td><td>no ticket in the request</td></tr>
 * <tr><td>{@code invalid_ticket}</td><td>malformed, wrong version, bad number or signature, expired, not yet valid</td></tr>
 * <tr><td>{@code unconfigured_action}</td><td>the authz table does not list the action</td></tr>
 * <tr><td>{@code permission_denied}</td><td>the ticket lacks a privilege the action needs</td></tr>
 * </table>
 */
public final class ServiceAuthorization {
    private final TicketVerifier verifier;
    private final AuthzTableSource tables;

    /**
     * A check with the given ticket key and table.
     *
     * @param verifier verifies the request's ticket
     * @param tables gives the privileges each action demands
     */
    public ServiceAuthorization(TicketVerifier verifier, AuthzTableSource tables) {
        this.verifier = verifier;
        this.tables = tables;
    }

    /**
     * The verified ticket for {@code request} to {@code action}, or an error naming what is missing.
     *
     * @param request the request, whose header carries the ticket
     * @param action the action's name as the service registered it, looked up in the table
     * @return the ticket; fails with {@link RemoteActionException} carrying one of the codes
     *     above, or with the table source's error
     */
    public Mono<Ticket> check(Request request, String action) {
        String text = request.header().ticket();
        if (text == null || text.isBlank()) {
            return Mono.error(new RemoteActionException("ticket_required", "Need valid ticket for " + action, null));
        }
        Ticket ticket;
        try {
            ticket = verifier.verify(text);
        } catch (InvalidTicketException e) {
            return Mono.error(new RemoteActionException("invalid_ticket", "Invalid ticket (" + e.reason() + "): " + e.getMessage(), null));
        }
        return tables.table().flatMap(table -> {
            List<Integer> demanded = table.demands(action).orElse(null);
            if (demanded == null) {
                return Mono.error(new RemoteActionException("unconfigured_action", "Unconfigured action " + action, null));
            }
            List<Integer> missing = ticket.missing(demanded);
            if (!missing.isEmpty()) {
                return Mono.error(new RemoteActionException("permission_denied", "Access denied - action " + action + " requires privilege "
                        + missing.stream().map(table::name).collect(Collectors.joining(", ")), null));
            }
            return Mono.just(ticket);
        });
    }
}
