package fivetran.connector.sdk.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * For a {@link Destination} outside this package (the Iceberg module): a checkpoint's staged operations replayed with
 * debug's own {@link MergeSql} statements on a scratch copy of the table, {@code tester.<name>} in the staging DuckDB,
 * so that every destination gets debug's semantics (upserts, partial updates, soft deletes, truncates, type changes).
 * The destination loads the rows it holds into the scratch table, calls {@link #apply}, and writes what changed.
 * Internal to the SDK.
 */
public final class ScratchMerge {
    private ScratchMerge() {
    }

    /** The staging DuckDB connection, on which the scratch tables live. */
    public static Connection connection(Warehouse staging) {
        return staging.connection();
    }

    /** {@code tester."<table>"}: the scratch table's qualified name. */
    public static String qualified(String table) {
        return Warehouse.qualified(table);
    }

    /** Creates the scratch table as {@code definition} declares it, replacing one a crashed run left. */
    public static void create(Warehouse staging, TableDefinition definition) throws SQLException {
        drop(staging, definition.name());
        staging.execute(MergeSql.createTable(definition, Warehouse.qualified(definition.name())));
    }

    public static void drop(Warehouse staging, String table) throws SQLException {
        staging.execute("DROP TABLE IF EXISTS " + Warehouse.qualified(table));
    }

    /** Whether the change leaves the table as it is: no definition change, nothing staged. */
    public static boolean unchanged(Destination.TableChange change) {
        TableDefinition committed = change.committed();
        return committed != null && committed.columns.equals(change.desired().columns) && committed.primaryKey.equals(change.desired().primaryKey)
                && change.segments().stream().noneMatch(s -> s.upserts() || s.changes() || s.truncatedAt() != null);
    }

    /** Whether one of the change's segments ends in a truncate, which concerns every row of the table. */
    public static boolean truncates(Destination.TableChange change) {
        return change.segments().stream().anyMatch(s -> s.truncatedAt() != null);
    }

    /** Whether the change stages any upsert, update or delete (rather than only a definition or a truncate). */
    public static boolean stagesRows(Destination.TableChange change) {
        return change.segments().stream().anyMatch(s -> s.upserts() || s.changes());
    }

    /**
     * A query of the distinct keys the change's staged operations concern: the primary key's columns, or for a table
     * keyed by {@code _fivetran_id} that id, computed as the merge computes it. A destination needs to
     * load only the rows with these keys (unless the change truncates or rewrites the table).
     */
    public static String stagedKeys(Destination.TableChange change) {
        TableDefinition desired = change.desired();
        String staging = "temp.main." + Naming.quote(change.stagingTable());
        if (desired.keyedById()) {
            // as UHUGEINT, read as a BigInteger: DuckDB casts UHUGEINT to VARCHAR about a hundred times slower
            return "SELECT DISTINCT " + MergeSql.idExpression(desired.userColumns(), MergeSql.GIVEN_ID) + " FROM " + staging;
        }
        StringBuilder keys = new StringBuilder();
        for (String key : desired.primaryKey) {
            keys.append(keys.isEmpty() ? "" : ", ").append(Naming.quote(key));
        }
        return "SELECT DISTINCT " + keys + " FROM " + staging;
    }

    /**
     * Brings the scratch table from the change's committed definition to its desired one (creating it when the table
     * is new), then merges the staged segments into it in order: what {@link Warehouse#commit} does to its own table.
     */
    public static void apply(Warehouse staging, Destination.TableChange change) throws SQLException {
        staging.execute(MergeSql.applyDefinition(change.desired(), change.committed()));
        for (MergeSql.Segment segment : change.segments()) {
            staging.execute(MergeSql.merge(change.desired(), change.stagingTable(), segment));
        }
    }
}
