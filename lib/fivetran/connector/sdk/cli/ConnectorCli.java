package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.warehouse.Warehouse;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The command line of a connector: {@code jbang connector.java <command> [options]}. */
@Command(name = "connector.java", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "A Fivetran connector, run locally with the Connector SDK for Java.",
        commandListHeading = "%nCommands:%n", synopsisSubcommandLabel = "COMMAND")
public final class ConnectorCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Runs {@code args} against {@code connector} and returns the exit code. */
    public static int execute(Connector connector, String... args) {
        if (args.length > 0 && Set.of("debug", "inspect", "query").contains(args[0].toLowerCase(Locale.ROOT))) {
            Warehouse.preloadInBackground();
        }
        CommandLine commandLine = new CommandLine(new ConnectorCli())
                .addSubcommand(new DebugCommand(connector))
                .addSubcommand(new ResetCommand())
                .addSubcommand(new PackageCommand())
                .addSubcommand(new DeployCommand())
                .addSubcommand(new InspectCommand())
                .addSubcommand(new QueryCommand())
                .addSubcommand(new VersionCommand())
                .addSubcommand(new CommandLine.HelpCommand());
        commandLine.setSubcommandsCaseInsensitive(true);
        commandLine.setParameterExceptionHandler(ConnectorCli::invalidInput);
        return commandLine.execute(args);
    }

    /** No command: show the help and fail, as {@code fivetran} does. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }

    private static int invalidInput(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println(e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Use `--help` for the commands and options.");
        }
        return 1;
    }
}
