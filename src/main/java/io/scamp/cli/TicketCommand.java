package io.scamp.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scamp.auth.InvalidTicketException;
import io.scamp.auth.Ticket;
import io.scamp.auth.TicketSigner;
import io.scamp.auth.TicketVerifier;
import io.scamp.config.ScampConfig;
import io.scamp.message.ScampJson;
import io.scamp.tls.IdentityException;
import io.scamp.tls.PrivateKeys;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scamp ticket sign|verify}: issue and check tickets (SCAMP.md §8), for operators and tests. */
@Command(name = "ticket", mixinStandardHelpOptions = true, description = "Sign or verify a ticket.",
        subcommands = {TicketCommand.Sign.class, TicketCommand.Verify.class})
final class TicketCommand implements Runnable {
    /** Exit code of {@code verify} for a ticket that does not verify. */
    static final int INVALID = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "ticket needs sign or verify");
    }

    /** {@code scamp ticket sign --key PEM --user N --client N --ttl SECONDS --privs 1+2}. */
    @Command(name = "sign", mixinStandardHelpOptions = true, description = "Print a signed ticket.")
    static final class Sign implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", required = true, description = "Private key PEM (PKCS#1 or PKCS#8).")
        Path key;

        @Option(names = "--user", required = true)
        long user;

        @Option(names = "--client", required = true)
        long client;

        @Option(names = "--ttl", required = true, description = "Lifetime in seconds.")
        long ttl;

        @Option(names = "--privs", defaultValue = "", description = "Privileges, + separated (e.g. 1+2).")
        String privs;

        @Option(names = "--issued", description = "Issue time, seconds since the epoch (default: now).")
        Long issued;

        @Override
        public Integer call() {
            List<Integer> privileges = new ArrayList<>();
            for (String p : privs.isBlank() ? new String[0] : privs.split("\\+")) {
                try {
                    privileges.add(Integer.parseInt(p.trim()));
                } catch (NumberFormatException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--privs takes numbers joined by +, not " + privs);
                }
            }
            if (user < 0 || client < 0 || ttl < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--user, --client and --ttl must not be negative");
            }
            try {
                TicketSigner signer = new TicketSigner(PrivateKeys.read(key));
                System.out.println(signer.sign(user, client, issued != null ? issued : Instant.now().getEpochSecond(), ttl, privileges));
                return ExitCodes.OK;
            } catch (IdentityException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    /** {@code scamp ticket verify [--key PEM] TICKET|@FILE [--json]}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a ticket and print its fields; exit 1 when it does not verify.")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", description = "Public key PEM (default: ticket.verify_key, else /etc/GT/auth/ticket_verify_public_key.pem).")
        Path key;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Parameters(index = "0", paramLabel = "TICKET|@FILE")
        String ticket;

        @Override
        public Integer call() {
            String text = TicketArgument.read(ticket, spec);
            TicketVerifier verifier;
            try {
                verifier = TicketVerifier.fromPem(key != null ? key : TicketVerifier.keyPath(ScampConfig.load()));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try {
                Ticket t = verifier.verify(text);
                if (json) {
                    ObjectNode out = ScampJson.mapper().createObjectNode().put("valid", true).put("version", t.version())
                            .put("user_id", t.userId()).put("client_id", t.clientId()).put("issued_at", t.issuedAt()).put("ttl", t.ttl())
                            .put("expires", t.expiresAt().toString());
                    t.privileges().forEach(out.putArray("privileges")::add);
                    out.withArray("privileges");
                    System.out.println(out);
                } else {
                    System.out.printf("valid: user %d, client %d, issued %s, expires %s, privileges %s%n", t.userId(), t.clientId(),
                            Instant.ofEpochSecond(t.issuedAt()), t.expiresAt(), t.privileges());
                }
                return ExitCodes.OK;
            } catch (InvalidTicketException e) {
                if (json) {
                    System.out.println(ScampJson.mapper().createObjectNode().put("valid", false).put("reason", e.reason().name())
                            .put("error", e.getMessage()));
                } else {
                    System.out.println("invalid (" + e.reason() + "): " + e.getMessage());
                }
                return INVALID;
            }
        }
    }
}
