package fivetran.connector.sdk.iceberg;

import fivetran.connector.sdk.engine.SyncEngine;
import fivetran.connector.sdk.warehouse.Destination;
import fivetran.connector.sdk.warehouse.Warehouse;
import java.nio.file.Path;

/**
 * {@code run}'s embedded default destination: Iceberg's JDBC catalog in {@code files/iceberg/catalog.db} (SQLite), the
 * tables' files under {@code files/iceberg/warehouse/}, namespace {@code tester}; operations staged in
 * {@code files/iceberg/staging.duckdb}.
 */
public final class EmbeddedIceberg implements SyncEngine.DestinationFactory {
    public EmbeddedIceberg() {
    }

    /** {@code files/iceberg} of a project. */
    public static Path folder(Path project) {
        return project.resolve("files").resolve("iceberg");
    }

    @Override
    public Path staging(Path project) {
        return folder(project).resolve("staging.duckdb");
    }

    @Override
    public Destination open(Path project, Warehouse staging) {
        return IcebergDestination.open(folder(project), staging);
    }
}
