package fivetran.connector.sdk;

import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.logging.LogSetup;
import fivetran.connector.sdk.spi.Sinks;
import fivetran.connector.sdk.warehouse.LocalSync;
import fivetran.connector.sdk.warehouse.Naming;
import fivetran.connector.sdk.warehouse.QueryResult;
import fivetran.connector.sdk.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A scratch warehouse for trying operations by hand, e.g. in JShell: while it is open, {@link Operations} write to
 * it, and {@link #print(String)} shows a table as a checkpoint left it.
 *
 * <pre>{@code
 * var scratch = Scratch.open();
 * Operations.upsert("orders", Map.of("id", 1, "status", "new"));
 * Operations.checkpoint(Map.of("cursor", 1));
 * scratch.print("orders");
 * scratch.close();
 * }</pre>
 */
public final class Scratch implements AutoCloseable {
    private final Path project;
    private final Warehouse warehouse;
    private final LocalSync sync;
    private final Naming naming;

    private Scratch(Path project) {
        this.project = project;
        this.warehouse = Warehouse.open(project.resolve("files").resolve("warehouse.db"));
        this.naming = new Naming(Naming.Strategy.FIVETRAN, warehouse.reservedWords());
        this.sync = new LocalSync(warehouse, naming, committedState(warehouse), project.resolve("files").resolve("state.json"));
        Sinks.bind(sync);
    }

    private static String committedState(Warehouse warehouse) {
        Warehouse.CommittedState committed = warehouse.committedState();
        return committed == null ? "{}" : committed.state();
    }

    /** Opens a scratch warehouse in a new temporary folder. */
    public static Scratch open() {
        try {
            return open(Files.createTempDirectory("scratch-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the warehouse of {@code project} ({@code files/warehouse.db}) for scratch work. */
    public static Scratch open(Path project) {
        LogSetup.configureLocal(Level.INFO);
        Scratch scratch = new Scratch(project.toAbsolutePath());
        System.out.println("scratch warehouse: " + scratch.warehouse.file());
        return scratch;
    }

    /** Declares tables, as a connector's {@code schema()} would. */
    public Scratch declare(Table... tables) {
        sync.declare(Arrays.asList(tables));
        return this;
    }

    /** The folder whose {@code files/} holds the scratch warehouse. */
    public Path project() {
        return project;
    }

    /**
     * Prints a table's committed rows, its own columns first and the system columns last, ordered by its first
     * column; {@code table} is the name the operations used.
     */
    public void print(String table) {
        query("SELECT COLUMNS(c -> c NOT LIKE '\\_fivetran\\_%' ESCAPE '\\'), COLUMNS(c -> c LIKE '\\_fivetran\\_%' ESCAPE '\\') FROM "
                + Naming.quote(naming.table(table)) + " ORDER BY 1");
    }

    /** Prints the result of {@code sql}; schema {@code tester} is the default. */
    public void query(String sql) {
        warehouse.query(sql).printTable(System.out);
    }

    /** The rows of {@code sql}, each a map of column to value. */
    public List<Map<String, Object>> rows(String sql) {
        QueryResult result = warehouse.query(sql);
        return result.rows();
    }

    /** Commits what is left and releases the warehouse. */
    @Override
    public void close() {
        try {
            sync.finish();
        } finally {
            Sinks.unbind(sync);
            warehouse.close();
        }
    }
}
