package io.scamp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code scamp} command: {@code serve}, {@code request}, {@code subscribe}, {@code notify}, {@code list}, {@code watch},
 * {@code dashboard}, {@code inspect}, {@code announce}, {@code cache-manager}, {@code keygen}, {@code ticket} and {@code demo}. Exit codes: 0
 * success, 2 bad usage, 3 the remote action answered with an error, 4 a transport or
 * protocol failure.
 */
@Command(name = "scamp", mixinStandardHelpOptions = true, versionProvider = ScampCommand.Version.class,
        description = "Speak SCAMP: run a service, send a request, look at the directory, or watch a demo.",
        subcommands = {ServeCommand.class, RequestCommand.class, SubscribeCommand.class, NotifyCommand.class, ListCommand.class,
            WatchCommand.class, DashboardCommand.class, InspectCommand.class, AnnounceCommand.class, CacheManagerCommand.class, KeygenCommand.class, TicketCommand.class,
            DemoCommand.class, CommandLine.HelpCommand.class})
public final class ScampCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Which of stdout and stderr are terminals (for {@code request}'s progress line). */
    final Terminals terminals;

    ScampCommand(Terminals terminals) {
        this.terminals = terminals;
    }

    public static void main(String[] args) {
        CliLogging.configure();
        System.exit(execute(Terminals.detect(), args));
    }

    /** Runs the command line and returns the exit code (for tests), with neither stdout nor stderr taken for a terminal. */
    public static int execute(String... args) {
        return execute(Terminals.NONE, args);
    }

    static int execute(Terminals terminals, String... args) {
        return new CommandLine(new ScampCommand(terminals)).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: serve, request or demo");
    }

    /** Reports the version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ScampCommand.class.getPackage().getImplementationVersion();
            return new String[] {"scamp-reactor " + (v == null ? "development" : v)};
        }
    }
}
