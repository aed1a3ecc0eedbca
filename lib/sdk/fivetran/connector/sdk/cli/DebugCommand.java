package fivetran.connector.sdk.cli;

import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.ConfigurationFile;
import fivetran.connector.sdk.engine.SyncEngine;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.internal.TextTable;
import fivetran.connector.sdk.logging.LogSetup;
import fivetran.connector.sdk.warehouse.Naming;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.helpers.NOPLogger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code debug}: runs a sync into {@code files/warehouse.db} (DuckDB, schema {@code tester}) through the
 * {@link SyncEngine} and prints its summary.
 */
@Command(name = "debug", description = "Run a sync locally into files/warehouse.db (DuckDB); state in files/state.json.")
public class DebugCommand implements Callable<Integer> {
    private final Connector connector;

    @Mixin
    ProjectPath project;

    @Mixin
    ConfigurationOption configuration;

    @Option(names = "--state", paramLabel = "FILE", description = "State to start from (default: $FIVETRAN_STATE, else files/state.json).")
    String state;

    @Option(names = "--naming", paramLabel = "FIVETRAN|SOURCE", defaultValue = "${env:FIVETRAN_NAMING}",
            description = "Table and column naming: FIVETRAN normalizes names (default, or $FIVETRAN_NAMING), SOURCE keeps them.")
    String naming;

    /** The levels of Fivetran's tester; WARNING is Logback's WARN. */
    enum LogLevel {
        DEBUG(Level.DEBUG), INFO(Level.INFO), WARNING(Level.WARN), ERROR(Level.ERROR);

        final Level level;

        LogLevel(Level level) {
            this.level = level;
        }
    }

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "DEBUG",
            description = {"Lowest level shown: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: the connector's "
                    + "Logging.debug and fine lines, and lines for the first ten checkpoints, then one per 5 s, and the last; INFO hides them)."})
    LogLevel logLevel;

    @Option(names = "--record", paramLabel = "DIR",
            description = "Record every HTTP exchange of the SDK's Http client into DIR (WireMock mappings, secrets redacted).")
    Path record;

    @Option(names = "--replay", paramLabel = "DIR",
            description = "Answer every HTTP request of the SDK's Http client from the recording in DIR, with no network.")
    Path replay;

    DebugCommand(Connector connector) {
        this.connector = connector;
    }

    @Override
    public Integer call() {
        LogSetup.configureLocal(logLevel.level);
        SyncResult result;
        try {
            Path dir = project.resolve();
            SyncEngine engine = SyncEngine.forProject(dir).configurationFile(configuration.file).stateFile(state).naming(namingStrategy());
            try (HttpRecordingProcess recording = recording(dir)) {
                result = sync(engine, dir);
            }
        } catch (CommandFailure e) {
            print(null, e.getMessage(), System.out);
            return 1;
        }
        print(result, result.failure(), System.out);
        return result.exitCode();
    }

    /** Runs the sync; {@code run} overrides it to commit into its destination. */
    SyncResult sync(SyncEngine engine, Path dir) {
        return engine.run(connector);
    }

    private HttpRecordingProcess recording(Path dir) {
        if (record != null && replay != null) {
            throw new CommandFailure("choose one of --record and --replay");
        }
        if (record == null && replay == null) {
            return null;
        }
        Path configurationFile = ConfigurationFile.locate(dir, configuration.file, NOPLogger.NOP_LOGGER);
        return record != null ? HttpRecordingProcess.start(dir, "--record", dir.resolve(record), configurationFile)
                : HttpRecordingProcess.start(dir, "--replay", dir.resolve(replay), configurationFile);
    }

    private Naming.Strategy namingStrategy() {
        try {
            return naming == null || naming.isBlank() ? Naming.Strategy.FIVETRAN : Naming.Strategy.parse(naming);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    /** The summary of Fivetran's tester: operation counts, the tables written, and the outcome. */
    static void print(SyncResult result, String failure, PrintStream out) {
        System.out.flush();
        System.err.flush();
        if (result != null && result.counts() != null) {
            SyncResult.Counts counts = result.counts();
            out.println("Operation       | Counts");
            out.println("----------------+------------");
            row(out, "Upserts", counts.upserts());
            row(out, "Updates", counts.updates());
            row(out, "Deletes", counts.deletes());
            row(out, "Truncates", counts.truncates());
            row(out, "Schema changes", counts.schemaChanges());
            row(out, "Checkpoints", counts.checkpoints());
            out.println();
            if (failure == null && !result.tables().isEmpty()) {
                TextTable tables = new TextTable(List.of("Table", "Written", "Live rows"));
                result.tables().forEach(t -> tables.add(List.of(t.table(), String.valueOf(t.written()), String.valueOf(t.live()))));
                tables.print(out);
                out.println();
            }
        }
        long seconds = result == null ? 0 : result.elapsed().toSeconds();
        String elapsed = String.format("%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
        out.println(failure == null ? "SYNC SUCCEEDED — total elapsed " + elapsed : "SYNC FAILED — total elapsed " + elapsed + ": " + failure);
        out.flush();
    }

    private static void row(PrintStream out, String label, long count) {
        out.printf("%-16s| %d%n", label, count);
    }
}
