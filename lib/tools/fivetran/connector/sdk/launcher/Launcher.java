package fivetran.connector.sdk.launcher;

import fivetran.connector.sdk.deploy.JBang;
import fivetran.connector.sdk.cli.ConnectorCli;
import fivetran.connector.sdk.cli.ConnectorSource;
import fivetran.connector.sdk.cli.VersionCommand;
import fivetran.connector.sdk.demo.ExampleApiCommand;
import fivetran.connector.sdk.deploy.DeployCommand;
import fivetran.connector.sdk.deploy.PackageCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The SDK launcher, {@code jbang connector-sdk.java <command>}: {@code setup}, {@code shell}, {@code version}, and
 * the connector commands that the catalog's aliases run ({@code jbang debug@connector-sdk [PROJECT_PATH]}), which it
 * hands to the connector of the project folder.
 */
@Command(name = "connector-sdk.java", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "The Connector SDK for Java launcher.",
        commandListHeading = "%nCommands:%n", synopsisSubcommandLabel = "COMMAND",
        footer = {"", "Connector commands, run on the connector of PROJECT_PATH (default: the current directory): debug, reset, "
                + "inspect and query, e.g.", "  jbang debug@connector-sdk [PROJECT_PATH] [options]"})
public final class Launcher implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Whether {@code dir} holds a connector, whose {@code version} then says where its SDK comes from. */
    private static boolean hasConnector(Path dir) {
        try {
            ConnectorSource.in(dir);
            return true;
        } catch (RuntimeException none) {
            return false;
        }
    }

    /** Commands that belong to a connector: the launcher runs the project's connector with them. */
    static final Set<String> CONNECTOR_COMMANDS = Set.of("debug", "reset", "inspect", "query");

    private Launcher() {
    }

    /** {@code jbang lib/tools.java <command>}: what the catalog's aliases and {@code connector-sdk.java} run. */
    public static void main(String... args) {
        System.exit(execute(args));
    }

    /** Runs the launcher command in {@code args} and returns its exit code. */
    public static int execute(String... args) {
        if (args.length > 0 && CONNECTOR_COMMANDS.contains(args[0].toLowerCase(Locale.ROOT))) {
            return forward(args);
        }
        if (args.length == 1 && args[0].equalsIgnoreCase("version") && hasConnector(Path.of("").toAbsolutePath())) {
            return forward(args);
        }
        CommandLine commandLine = new CommandLine(new Launcher())
                .addSubcommand(new SetupCommand())
                .addSubcommand(new ShellCommand())
                .addSubcommand(new PackageCommand())
                .addSubcommand(new DeployCommand())
                .addSubcommand(new ExampleApiCommand())
                .addSubcommand(new HttpRecordingCommand())
                .addSubcommand(new VersionCommand())
                .addSubcommand(new CommandLine.HelpCommand());
        return ConnectorCli.configure(commandLine).execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 1;
    }

    /**
     * Runs {@code jbang <project>/<connector>.java <command> <args...>} in the current directory. The project is the
     * first argument after the command when it names a folder, else the current directory.
     */
    static int forward(String... args) {
        Path cwd = Path.of("").toAbsolutePath();
        Path project = cwd;
        int positional = args[0].equalsIgnoreCase("query") ? 2 : 1;
        if (args.length > positional && !args[positional].startsWith("-") && Files.isDirectory(cwd.resolve(args[positional]))) {
            project = cwd.resolve(args[positional]).normalize();
        }
        Path connector = ConnectorSource.in(project);
        List<String> command = new ArrayList<>(List.of(connector.toString()));
        command.addAll(List.of(args));
        return JBang.interactive(command, cwd);
    }
}
