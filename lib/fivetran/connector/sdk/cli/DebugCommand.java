package fivetran.connector.sdk.cli;

import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.logging.LogSetup;
import fivetran.connector.sdk.spi.Sinks;
import fivetran.connector.sdk.warehouse.InvalidInputException;
import fivetran.connector.sdk.warehouse.LocalSync;
import fivetran.connector.sdk.warehouse.Naming;
import fivetran.connector.sdk.warehouse.StateLog;
import fivetran.connector.sdk.warehouse.SyncAlreadyFailedException;
import fivetran.connector.sdk.warehouse.Values;
import fivetran.connector.sdk.warehouse.TextTable;
import fivetran.connector.sdk.warehouse.Warehouse;
import fivetran.connector.sdk.warehouse.WarehouseException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code debug}: runs a sync into {@code files/warehouse.db} (DuckDB, schema {@code tester}) and mirrors the
 * committed state in {@code files/state.json}.
 */
@Command(name = "debug", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Run a sync locally into files/warehouse.db (DuckDB); state in files/state.json.")
public final class DebugCommand implements Callable<Integer> {
    private static final Logger SDK = LoggerFactory.getLogger("sdk");
    private static final Logger DEBUGGER = LoggerFactory.getLogger("debugger");

    private final Connector connector;

    @Mixin
    ProjectPath project;

    @Mixin
    ConfigurationOption configuration;

    @Option(names = "--state", paramLabel = "FILE", description = "State to start from (default: $FIVETRAN_STATE, else files/state.json).")
    String state;

    @Option(names = "--naming", paramLabel = "FIVETRAN|SOURCE",
            description = "Table and column naming: FIVETRAN normalizes names (default, or $FIVETRAN_NAMING), SOURCE keeps them.")
    String naming;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "DEBUG",
            description = "Lowest level shown: DEBUG, INFO, WARNING or ERROR (default: ${DEFAULT-VALUE}).")
    String logLevel;

    DebugCommand(Connector connector) {
        this.connector = connector;
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        LogSetup.configureLocal(Level.toLevel(logLevel.equalsIgnoreCase("WARNING") ? "WARN" : logLevel, Level.DEBUG));
        Warehouse warehouse = null;
        LocalSync sync = null;
        String phase = "debug";
        try {
            Path dir = project.resolve();
            SDK.info("debugging connector at: {}", dir);
            Naming.Strategy strategy = namingStrategy();
            Configuration config = ConfigurationFile.read(configuration.locate(dir, SDK));
            Path files = dir.resolve("files");
            warehouse = Warehouse.open(files.resolve("warehouse.db"));
            Path stateFile = files.resolve("state.json");
            String startState = StateFile.choose(dir, state, stateFile, warehouse, SDK);
            DEBUGGER.info("connector SDK version: {}", Connector.SDK_VERSION);
            DEBUGGER.info("destination schema path: {} (schema={})", warehouse.file(), Warehouse.SCHEMA);
            DEBUGGER.info("previous state:\n{}", StateLog.masked(startState));
            sync = new LocalSync(warehouse, new Naming(strategy, warehouse.reservedWords()), startState, stateFile);
            Sinks.bind(sync);
            if (connector.schema() != null) {
                phase = "schema()";
                SDK.info("calling schema()");
                List<Table> tables = connector.schema().schema(config);
                sync.declare(tables == null ? List.of() : tables);
            }
            phase = "update()";
            SDK.info("calling update()");
            connector.update().update(config, State.of(parseState(startState)));
            phase = "the final commit";
            sync.finish();
            summary(sync, start, null);
            return 0;
        } catch (CommandFailure e) {
            SDK.error(e.getMessage());
            return fail(sync, start, e.getMessage());
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            String message = "failed while executing " + phase + " error: " + describe(e);
            SDK.error(fivetran.connector.sdk.Logging.SEVERE, message, e);
            return fail(sync, start, message);
        } finally {
            if (sync != null) {
                Sinks.unbind(sync);
            }
            if (warehouse != null) {
                warehouse.close();
            }
        }
    }

    private Naming.Strategy namingStrategy() {
        String chosen = naming != null ? naming : System.getenv("FIVETRAN_NAMING");
        try {
            return chosen == null || chosen.isBlank() ? Naming.Strategy.FIVETRAN : Naming.Strategy.parse(chosen);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseState(String json) throws Exception {
        return Values.JSON.readValue(json, Map.class);
    }

    /**
     * The message of what failed the sync. When the sync refused an operation, that refusal is the cause, even
     * if the connector wrapped it, or another of its threads then failed on "the sync has already failed".
     */
    private static String describe(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SyncAlreadyFailedException) {
                root = t.getCause();
                break;
            }
            if (t instanceof InvalidInputException || t instanceof WarehouseException) {
                root = t;
                break;
            }
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getName() : message;
    }

    private static int fail(LocalSync sync, long start, String message) {
        if (sync != null) {
            sync.abandon();
        }
        summary(sync, start, message);
        return 1;
    }

    private static void summary(LocalSync sync, long start, String failure) {
        String elapsed = fivetran.connector.sdk.warehouse.SyncCounters.elapsed(Duration.ofNanos(System.nanoTime() - start));
        System.out.flush();
        System.err.flush();
        if (sync != null) {
            sync.counters().print(System.out);
            System.out.println();
            if (failure == null && !sync.tableCounts().isEmpty()) {
                TextTable tables = new TextTable(List.of("Table", "Written", "Live rows"));
                sync.tableCounts().forEach(t -> tables.add(List.of(t.table(), String.valueOf(t.written()), String.valueOf(t.live()))));
                tables.print(System.out);
                System.out.println();
            }
        }
        if (failure == null) {
            System.out.println("SYNC SUCCEEDED — total elapsed " + elapsed);
        } else {
            System.out.println("SYNC FAILED — total elapsed " + elapsed + ": " + failure);
        }
        System.out.flush();
    }
}
