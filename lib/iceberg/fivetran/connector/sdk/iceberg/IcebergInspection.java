package fivetran.connector.sdk.iceberg;

import fivetran.connector.sdk.internal.TextTable;
import fivetran.connector.sdk.warehouse.StateLog;
import fivetran.connector.sdk.warehouse.TableSummary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * {@code inspect --iceberg}: the tables of {@code run}'s catalog (a destination file's, else the embedded one) with their
 * columns, types, keys and row counts, each table's snapshots with the checkpoint and state they carry, and the state
 * of the last completed checkpoint. It reads the catalog as it is, changing nothing: a table of the JDBC catalog ahead
 * of the commit point is shown as such.
 */
public final class IcebergInspection {
    private IcebergInspection() {
    }

    /** Prints the inspection of the embedded catalog of {@code project}, or of {@code destination}'s; false when there is none. */
    public static boolean print(Path project, Path destination, PrintStream out) throws Exception {
        Catalog catalog;
        Namespace namespace;
        String where;
        if (destination == null) {
            Path folder = EmbeddedIceberg.folder(project);
            if (!Files.isRegularFile(folder.resolve("catalog.db"))) {
                return false;
            }
            catalog = IcebergDestination.catalog(folder);
            namespace = IcebergDestination.NAMESPACE;
            where = folder.resolve("catalog.db") + " (JDBC on SQLite, namespace " + namespace + "), data in " + folder.resolve("warehouse");
        } else {
            DestinationFile file = new DestinationFile(destination);
            catalog = IcebergDestination.catalog(file);
            namespace = file.namespace();
            where = file.type() + " catalog " + file.properties().get(CatalogProperties.URI) + " of " + destination + " (namespace " + namespace + ")";
        }
        try {
            boolean atomic = catalog instanceof RESTCatalog;
            IcebergDestination.CommitRecord record = IcebergDestination.readRecord(catalog, namespace);
            if (atomic) {
                record = IcebergDestination.latest(catalog, namespace, record);
            }
            Map<String, String> recorded = record == null ? Map.of() : record.tables();
            out.println("iceberg catalog: " + where);
            List<TableIdentifier> ids = ((SupportsNamespaces) catalog).namespaceExists(namespace) ? catalog.listTables(namespace) : List.of();
            if (ids.isEmpty()) {
                out.println("\nno tables yet");
            }
            for (TableIdentifier id : ids) {
                Table table = catalog.loadTable(id);
                TableSummary summary = IcebergDestination.summary(catalog, namespace, id.name());
                out.println();
                out.println(namespace + "." + id.name() + ": " + summary.live() + " live rows, " + summary.deleted() + " deleted"
                        + (atomic || IcebergDestination.metadataLocation(table).equals(recorded.get(id.name())) ? ""
                        : " (ahead of the last completed checkpoint: the next run puts it back)"));
                TextTable columns = new TextTable(List.of("column", "type", "fivetran type", "primary key"));
                summary.columns().forEach(c -> columns.add(List.of(c.name(), c.duckdbType(), c.fivetranType(), c.primaryKey() ? "yes" : "no")));
                columns.print(out);
                TextTable snapshots = new TextTable(List.of("snapshot", "operation", "checkpoint", "added rows", "position deletes", "state"));
                for (Snapshot snapshot : table.snapshots()) {
                    Map<String, String> s = snapshot.summary();
                    String state = s.get(TableCommit.STATE_SUMMARY);
                    snapshots.add(List.of(Long.toString(snapshot.snapshotId()), String.valueOf(snapshot.operation()),
                            s.getOrDefault(TableCommit.CHECKPOINT_SUMMARY, ""), s.getOrDefault("added-records", "0"),
                            s.getOrDefault("added-position-deletes", "0"), state == null ? "" : StateLog.masked(state)));
                }
                snapshots.print(out);
            }
            out.println();
            out.println("state: " + (record == null || record.state() == null ? "none committed yet"
                    : StateLog.masked(record.state()) + " (commit " + record.commit() + ")"));
            return true;
        } finally {
            IcebergDestination.close(catalog);
        }
    }
}
