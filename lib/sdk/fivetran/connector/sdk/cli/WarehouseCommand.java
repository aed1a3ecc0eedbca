package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.warehouse.Warehouse;
import fivetran.connector.sdk.warehouse.WarehouseException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** A command that reads the project's warehouse: it fails with exit 1 and a clear message when it cannot. */
abstract class WarehouseCommand implements Callable<Integer> {

    /** The project folder; given by the subclass's own parameters. */
    abstract String projectPath();

    abstract void run(Path project, Warehouse warehouse) throws Exception;

    /** Whether the command reads files/warehouse.db; when not, {@link #run} gets null. */
    boolean readsWarehouse() {
        return true;
    }

    @Override
    public final Integer call() {
        try {
            Path project = ProjectPath.resolve(projectPath());
            if (!readsWarehouse()) {
                run(project, null);
                return 0;
            }
            try (Warehouse warehouse = Warehouse.openExisting(project.resolve("files").resolve("warehouse.db"))) {
                run(project, warehouse);
            }
            return 0;
        } catch (CommandFailure | WarehouseException e) {
            throw e;
        } catch (Exception e) {
            System.err.println(e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(e.toString()));
            return 1;
        }
    }
}
