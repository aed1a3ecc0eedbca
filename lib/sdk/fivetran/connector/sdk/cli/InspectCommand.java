package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.internal.TextTable;
import fivetran.connector.sdk.warehouse.TableSummary;
import fivetran.connector.sdk.warehouse.StateLog;
import fivetran.connector.sdk.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code inspect}: the warehouse's tables with their columns, types, keys and row counts, and the state. */
@Command(name = "inspect",
        description = "List the tables of files/warehouse.db (columns, types, primary keys, live and deleted rows) and the state.")
public final class InspectCommand extends WarehouseCommand {
    @Mixin
    ProjectPath project;

    @Option(names = "--iceberg", description = "List run's Iceberg tables instead (the catalog of destination.json, else files/iceberg): "
            + "columns, types, keys, row counts, each table's snapshots with their checkpoint and state, and the committed state.")
    boolean iceberg;

    @Option(names = "--destination", paramLabel = "FILE", description = "With --iceberg: the destination file whose catalog to list "
            + "(default: the project's destination.json if there is one).")
    Path destination;

    @Override
    String projectPath() {
        return project.path;
    }

    @Override
    boolean readsWarehouse() {
        return !iceberg;
    }

    @Override
    void run(Path dir, Warehouse warehouse) throws Exception {
        if (iceberg) {
            inspectIceberg(dir, RunCommand.destinationFile(dir, destination));
            return;
        }
        System.out.println("warehouse: " + warehouse.file() + " (schema " + Warehouse.SCHEMA + ")");
        List<TableSummary> tables = warehouse.summaries();
        if (tables.isEmpty()) {
            System.out.println("\nno tables yet");
        }
        for (TableSummary table : tables) {
            System.out.println();
            System.out.println(Warehouse.SCHEMA + "." + table.name() + ": " + table.live() + " live rows, " + table.deleted() + " deleted");
            TextTable columns = new TextTable(List.of("column", "type", "fivetran type", "primary key"));
            table.columns().forEach(c -> columns.add(List.of(c.name(), c.duckdbType(), c.fivetranType(), c.primaryKey() ? "yes" : "no")));
            columns.print(System.out);
        }
        Warehouse.CommittedState committed = warehouse.committedState();
        Path stateFile = dir.resolve("files").resolve("state.json");
        System.out.println();
        System.out.println("state: " + (committed == null ? "none committed yet" : StateLog.masked(committed.state())));
        if (Files.exists(stateFile) && committed != null && !Files.readString(stateFile).strip().equals(committed.state())) {
            System.out.println("state.json differs: " + Files.readString(stateFile).strip() + " (the next debug decides which to use)");
        }
    }

    /** Runs the Iceberg module's inspection in its class loader (see {@link RunCommand}). */
    private static void inspectIceberg(Path dir, Path destinationFile) throws Exception {
        if (destinationFile == null && !Files.isRegularFile(dir.resolve("files").resolve("iceberg").resolve("catalog.db"))) {
            throw new CommandFailure("there are no Iceberg tables at " + dir.resolve("files").resolve("iceberg") + " yet: run run first");
        }
        ClassLoader loader = RunCommand.icebergLoader(dir);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            loader.loadClass("fivetran.connector.sdk.iceberg.IcebergInspection").getMethod("print", Path.class, Path.class, java.io.PrintStream.class)
                    .invoke(null, dir, destinationFile, System.out);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw new CommandFailure(invalid.getMessage());
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
