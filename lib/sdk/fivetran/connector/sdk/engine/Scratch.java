package fivetran.connector.sdk.engine;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.internal.Folders;
import fivetran.connector.sdk.internal.ResultOutput;

import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.logging.LogSetup;
import fivetran.connector.sdk.warehouse.Naming;
import fivetran.connector.sdk.warehouse.QueryResult;
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
    private final boolean temporary;
    private final SyncEngine.Session session;
    private final Naming naming;

    private Scratch(Path project, Connector connector, boolean temporary) {
        this.project = project;
        this.temporary = temporary;
        this.session = SyncEngine.forProject(project).begin(connector);
        this.naming = new Naming(Naming.Strategy.FIVETRAN, session.warehouse().reservedWords());
    }

    /** Opens a scratch warehouse in a new temporary folder, which {@link #close()} deletes. */
    public static Scratch open() {
        Path project;
        try {
            project = Files.createTempDirectory("scratch-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return open(project, null, true);
        } catch (RuntimeException e) {
            delete(project);
            throw e;
        }
    }

    /** Opens the warehouse of {@code project} ({@code files/warehouse.db}) for scratch work. */
    public static Scratch open(Path project) {
        return open(project, null);
    }

    /**
     * Opens the warehouse of {@code project} with {@code connector}'s tables declared, as {@code debug} declares them:
     * its {@code schema()} is called with the project's configuration. Then call its methods, or {@link Operations}.
     * The project and its warehouse are kept when the scratch is closed.
     */
    public static Scratch open(Path project, Connector connector) {
        return open(project, connector, false);
    }

    private static Scratch open(Path project, Connector connector, boolean temporary) {
        LogSetup.configureLocal(Level.INFO);
        Scratch scratch = new Scratch(project.toAbsolutePath(), connector, temporary);
        System.out.println("scratch warehouse: " + scratch.session.warehouse().file());
        return scratch;
    }

    /** Declares tables, as a connector's {@code schema()} would. */
    public Scratch declare(Table... tables) {
        return declare(Arrays.asList(tables));
    }

    /** Declares the tables a connector's {@code schema()} returns: {@code scratch.declare(connector.schema(configuration))}. */
    public Scratch declare(List<Table> tables) {
        session.sync().declare(tables);
        return this;
    }

    /** The folder whose {@code files/} holds the scratch warehouse; {@link #close()} deletes it when {@link #open()} made it. */
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
        QueryResult result = session.warehouse().query(sql);
        ResultOutput.table(result.columns(), result.values(), System.out);
    }

    /** The rows of {@code sql}, each a map of column to value. */
    public List<Map<String, Object>> rows(String sql) {
        QueryResult result = session.warehouse().query(sql);
        return result.rows();
    }

    /**
     * Commits what is left, releases the warehouse, and deletes the temporary folder of {@link #open()}; fails when the
     * commit does, a project given to {@code open} keeping its last checkpoint.
     */
    @Override
    public void close() {
        SyncResult result;
        try {
            result = session.finish();
        } finally {
            session.close();
            if (temporary) {
                delete(project);
            }
        }
        if (!result.succeeded()) {
            throw new CommandFailure(result.failure(), result.error());
        }
    }

    private static void delete(Path folder) {
        try {
            Folders.delete(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scratch folder " + folder + ": " + e.getMessage(), e);
        }
    }
}
