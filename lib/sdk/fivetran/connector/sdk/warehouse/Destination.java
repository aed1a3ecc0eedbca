package fivetran.connector.sdk.warehouse;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a sync's checkpoints land. The engine ({@link LocalSync}) stages every operation in DuckDB and hands each
 * checkpoint to its destination, which applies it together with the state, atomically: the rows and the state of a
 * checkpoint are committed together or not at all, and {@link #committedState()} lets the next sync repair a state
 * file left one checkpoint behind. The local DuckDB tester, {@link Warehouse}, is one destination. Internal to the SDK.
 */
public interface Destination {
    /** Where the destination keeps its tables, for messages. */
    Path location();

    /** The schema (namespace) its tables are in. */
    default String schema() {
        return Warehouse.SCHEMA;
    }

    /** The tables the destination holds now, by name, as the last commit left them. */
    Map<String, TableDefinition> tables() throws SQLException;

    /** The state of the last commit and the one before it; null before the first checkpoint. */
    Warehouse.CommittedState committedState();

    /** Words that a table or column name is prefixed with {@code _} for, in lower case. */
    Set<String> reservedWords();

    /**
     * Commits one checkpoint: each table's definition brought up to date, then each table's staged segments applied in
     * call order, and {@code state} (null when only definitions change) recorded after {@code previousState}. All of it,
     * or nothing when this throws.
     */
    void commit(List<TableChange> tables, String state, String previousState) throws SQLException;

    /** A table's live and deleted rows after the last commit; null when it has no such table. */
    TableSummary summary(String table);

    /**
     * What a checkpoint changes in one table: its definition as the sync wants it and as the destination holds it
     * (null for a new table), and its operations, staged in DuckDB table {@code temp.main.<stagingTable>}, one segment
     * per truncate.
     */
    record TableChange(TableDefinition desired, TableDefinition committed, String stagingTable, List<MergeSql.Segment> segments) {
    }
}
