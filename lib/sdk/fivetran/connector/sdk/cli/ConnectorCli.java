package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.warehouse.Warehouse;
import fivetran.connector.sdk.warehouse.WarehouseException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line of a connector: {@code jbang connector.java <command> [options]}. Subcommands inherit the help and
 * version options; one handler maps every failure to its message and exit code.
 */
@Command(name = "connector.java", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = {"A Fivetran connector, run locally with the Connector SDK for Java.",
                "With no command, or only debug's options, it runs debug."},
        commandListHeading = "%nCommands:%n", synopsisSubcommandLabel = "COMMAND")
public final class ConnectorCli implements Connector.Runtime {
    /** The commands of a connector that the SDK's tools run in their own process. */
    private static final Set<String> TOOLS = Set.of("package", "deploy");
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    /** For {@link java.util.ServiceLoader}, and as picocli's top command. */
    public ConnectorCli() {
    }

    @Override
    public int execute(Connector connector, String... args) {
        if (args.length == 0 || args[0].startsWith("-") && !TOP_LEVEL_OPTIONS.contains(args[0])) {
            // as Fivetran's `python connector.py` runs debug(), running the file is a debug sync
            String[] debug = new String[args.length + 1];
            debug[0] = "debug";
            System.arraycopy(args, 0, debug, 1, args.length);
            args = debug;
        }
        String command = args[0].toLowerCase(Locale.ROOT);
        if (TOOLS.contains(command)) {
            return SdkTools.forConnector(command, java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        if (Set.of("debug", "run", "inspect", "query").contains(command)) {
            Warehouse.preloadInBackground();
        }
        Map<String, Supplier<Object>> commands = commands(connector);
        CommandLine commandLine = new CommandLine(new ConnectorCli());
        if (commands.containsKey(command) && !command.equals("help")) {
            // picocli reflects on every command it is given: a start builds only the one it runs
            commandLine.addSubcommand(command, commands.get(command).get());
        } else {
            commands.forEach((name, subcommand) -> commandLine.addSubcommand(name, subcommand.get()));
        }
        return configure(commandLine).execute(args);
    }

    /** Every command of a connector by name, in the order the help lists them. */
    private static Map<String, Supplier<Object>> commands(Connector connector) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("debug", () -> new DebugCommand(connector));
        commands.put("run", () -> new RunCommand(connector));
        commands.put("reset", ResetCommand::new);
        commands.put("package", () -> listed("Write files/<project folder name>.zip, which runs with plain java (the SDK's tools)."));
        commands.put("deploy", () -> listed("Package the connector and create or update its Fivetran connection (the SDK's tools)."));
        commands.put("inspect", InspectCommand::new);
        commands.put("query", QueryCommand::new);
        commands.put("version", VersionCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return commands;
    }

    /** A command the SDK's tools run ({@link SdkTools}): listed in the help, never parsed here. */
    private static CommandLine listed(String description) {
        CommandSpec spec = CommandSpec.create();
        spec.usageMessage().description(description);
        return new CommandLine(spec);
    }

    @Override
    public int run(Connector connector, String... args) {
        int code = execute(connector, args);
        ClassDataArchive.dropIfStale();
        return code;
    }

    /**
     * The conventions every command line of the SDK shares: case-insensitive commands, a mistyped one named with
     * suggestions, and one mapping of failures to messages and exit codes.
     */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setSubcommandsCaseInsensitive(true);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(ConnectorCli::invalidInput);
        commandLine.setExecutionExceptionHandler(ConnectorCli::failed);
        return commandLine;
    }

    private static int invalidInput(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println(e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Use `--help` for the commands and options.");
        }
        return 1;
    }

    /** A refusal ({@link CommandFailure}, a warehouse that cannot be used) is its message and exit 1; a bug is its trace. */
    private static int failed(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof CommandFailure || e instanceof WarehouseException) {
            System.err.println(e.getMessage());
            return 1;
        }
        throw e;
    }
}
