package io.scamp.cli;

import io.scamp.tls.ServiceIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scamp keygen --name NAME [--out DIR]}: writes {@code NAME.crt} and {@code NAME.key}
 * (self-signed RSA 2048, key in PKCS#1 PEM, mode 0600) and prints the fingerprint, then the
 * {@code authorized_services} line that grants the service its actions.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true, description = "Create a service certificate and key.")
final class KeygenCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", required = true, description = "Service name: the files are NAME.crt and NAME.key.")
    String name;

    @Option(names = "--out", defaultValue = ".", description = "Directory to write to (default: the current one).")
    Path out;

    @Option(names = "--grant", defaultValue = "main:ALL",
            description = "Patterns for the authorized_services line, comma separated (default ${DEFAULT-VALUE}).")
    String grant;

    @Override
    public Integer call() {
        if (Files.exists(out.resolve(name + ".crt")) || Files.exists(out.resolve(name + ".key"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), out.resolve(name + ".crt") + " or .key exists already; not overwriting");
        }
        ServiceIdentity identity = ServiceIdentity.loadOrGenerate(out, name);
        System.err.println("wrote " + out.resolve(name + ".crt") + " and " + out.resolve(name + ".key"));
        System.out.println(identity.fingerprint());
        System.out.println(identity.fingerprint() + " " + grant);
        return ExitCodes.OK;
    }
}
