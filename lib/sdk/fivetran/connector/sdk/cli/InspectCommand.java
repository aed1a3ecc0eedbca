package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.internal.TextTable;
import fivetran.connector.sdk.warehouse.TableSummary;
import fivetran.connector.sdk.warehouse.StateLog;
import fivetran.connector.sdk.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code inspect}: the warehouse's tables with their columns, types, keys and row counts, and the state. */
@Command(name = "inspect",
        description = "List the tables of files/warehouse.db (columns, types, primary keys, live and deleted rows) and the state.")
public final class InspectCommand extends WarehouseCommand {
    @Mixin
    ProjectPath project;

    @Override
    String projectPath() {
        return project.path;
    }

    @Override
    void run(Path dir, Warehouse warehouse) throws Exception {
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
}
