package fivetran.connector.sdk.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a sync did: its operation counts, the tables it wrote with their live rows, the state it committed last, and
 * its failure, if any. Returned by {@link SyncEngine#run}.
 *
 * @param failure      null when the sync succeeded; else the message {@code debug} prints after {@code SYNC FAILED}
 * @param error        the exception that failed the sync, when one did
 * @param counts       operation and schema-change counts; null when the sync did not start (its configuration, state
 *                     or warehouse was refused)
 * @param tables       per table written by this sync: operations written and live rows after it (empty on failure)
 * @param state        the state committed last (the starting state when no checkpoint committed)
 * @param warehouse    the DuckDB file, {@code <project>/files/warehouse.db}
 * @param elapsed      from the start of the run to its end
 */
public record SyncResult(String failure, Throwable error, Counts counts, List<TableCount> tables, Map<String, Object> state,
        Path warehouse, Duration elapsed) {

    /** Whether the sync committed everything {@code update()} wrote. */
    public boolean succeeded() {
        return failure == null;
    }

    /** The exit code of {@code debug} for this result: 0 on success, 1 on failure. */
    public int exitCode() {
        return succeeded() ? 0 : 1;
    }

    /** Operation counts of a sync, as Fivetran's tester prints them. */
    public record Counts(long upserts, long updates, long deletes, long truncates, long checkpoints, long schemaChanges) {
    }

    /** A table's line in the summary: operations written by this sync, live rows now. */
    public record TableCount(String table, long written, long live) {
    }
}
