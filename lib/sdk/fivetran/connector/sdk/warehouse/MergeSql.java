package fivetran.connector.sdk.warehouse;

import fivetran.connector.sdk.DataType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Internal to the warehouse: the SQL of a {@link TableWriter}, as pure functions of the table's definitions, the
 * staging table's name and a segment's sequence range. It opens no connection; the writer executes the statements
 * in the order given, inside the commit's transaction.
 */
final class MergeSql {
    static final String SEQ = "_fivetran_stage_seq";
    static final String OP = "_fivetran_stage_op";
    static final String TS = "_fivetran_stage_ts";
    static final String PRESENT = "_fivetran_stage_present";
    static final String GIVEN_ID = "_fivetran_stage_id";
    private static final String MERGE = "temp.main._fivetran_merge";
    private static final String KEYED = "_fivetran_keyed";

    private static final int UPSERT = OperationKind.UPSERT.code;
    private static final int UPDATE = OperationKind.UPDATE.code;
    private static final int DELETE = OperationKind.DELETE.code;

    private MergeSql() {
    }

    /**
     * A statement with its parameters; {@code refusal}, if not null, is what a failure of the statement means to the
     * connector's author, to be followed by DuckDB's reason.
     */
    record Statement(String sql, List<Object> parameters, String refusal) {
        static Statement of(String sql) {
            return new Statement(sql, List.of(), null);
        }
    }

    /**
     * Staged operations between two truncates: sequence numbers above {@code afterSeq} and below {@code beforeSeq},
     * whether they hold upserts and other operations, and when the truncate that ends them was called, if one does.
     */
    record Segment(long afterSeq, long beforeSeq, boolean upserts, boolean changes, OffsetDateTime truncatedAt) {
    }

    // ---- staging ---------------------------------------------------------------------------------------------

    /** The staging table, in the column order in which the writer appends: sequence, op, time, presence, given id, columns. */
    static String createStaging(TableDefinition desired, String stagingTable) {
        StringBuilder sql = new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(Naming.quote(stagingTable)).append(" (")
                .append(SEQ).append(" BIGINT, ").append(OP).append(" UTINYINT, ").append(TS).append(" TIMESTAMP WITH TIME ZONE, ")
                .append(PRESENT).append(" VARCHAR, ").append(GIVEN_ID).append(" VARCHAR");
        desired.columns.forEach((column, type) -> sql.append(", ").append(Naming.quote(column)).append(' ').append(type.sql()));
        return sql.append(')').toString();
    }

    static String addStagingColumn(String stagingTable, String column, ColumnType type) {
        return addColumn(staging(stagingTable), column, type);
    }

    static String changeStagingColumn(String stagingTable, String column, ColumnType type) {
        return changeColumn(staging(stagingTable), column, type);
    }

    static String clearStaging(String stagingTable) {
        return "DELETE FROM " + staging(stagingTable);
    }

    private static String staging(String stagingTable) {
        return "temp.main." + Naming.quote(stagingTable);
    }

    // ---- definition ------------------------------------------------------------------------------------------

    /**
     * The statements that bring the destination table from {@code committed} (null: it does not exist) to
     * {@code desired}: create it, rebuild it under a changed primary key, or add and alter columns.
     */
    static List<Statement> applyDefinition(TableDefinition desired, TableDefinition committed) {
        List<Statement> statements = new ArrayList<>();
        String table = Warehouse.qualified(desired.name);
        if (committed == null) {
            statements.add(Statement.of(createTable(desired, table)));
        } else if (!committed.primaryKey.equals(desired.primaryKey) || keyTypeChanged(desired, committed)) {
            rebuild(desired, committed, statements);
        } else {
            for (Map.Entry<String, ColumnType> column : desired.columns.entrySet()) {
                ColumnType before = committed.columns.get(column.getKey());
                if (before == null) {
                    statements.add(Statement.of(addColumn(table, column.getKey(), column.getValue())));
                } else if (!before.equals(column.getValue())) {
                    statements.add(new Statement(changeColumn(table, column.getKey(), column.getValue()), List.of(),
                            "table '" + desired.name + "', column '" + column.getKey() + "': cannot change its type from "
                                    + before + " to " + column.getValue()));
                }
            }
        }
        commentXml(desired, committed, statements);
        return statements;
    }

    /**
     * The CREATE TABLE statement, primary-key columns first. A declared primary key is a DuckDB constraint;
     * {@code _fivetran_id} is kept unique by the merge instead, since an index over random 128-bit hashes made
     * a large sync about twice as slow.
     */
    static String createTable(TableDefinition desired, String qualifiedName) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(qualifiedName).append(" (");
        List<String> ordered = new ArrayList<>(desired.primaryKey);
        ordered.addAll(valueColumns(desired));
        for (String column : ordered) {
            sql.append(Naming.quote(column)).append(' ').append(desired.columns.get(column).sql()).append(", ");
        }
        if (desired.keyedById()) {
            sql.append(Naming.quote(TableDefinition.ID)).append(" UHUGEINT NOT NULL, ");
        }
        sql.append(Naming.quote(TableDefinition.SYNCED)).append(" TIMESTAMP WITH TIME ZONE, ");
        sql.append(Naming.quote(TableDefinition.DELETED)).append(" BOOLEAN");
        if (desired.keyedById()) {
            return sql.append(')').toString();
        }
        return sql.append(", PRIMARY KEY (").append(joined(desired.primaryKey, "")).append("))").toString();
    }

    private static String addColumn(String table, String column, ColumnType type) {
        return "ALTER TABLE " + table + " ADD COLUMN " + Naming.quote(column) + " " + type.sql();
    }

    private static String changeColumn(String table, String column, ColumnType type) {
        return "ALTER TABLE " + table + " ALTER COLUMN " + Naming.quote(column) + " TYPE " + type.sql();
    }

    private static boolean keyTypeChanged(TableDefinition desired, TableDefinition committed) {
        return desired.primaryKey.stream().anyMatch(k -> !Objects.equals(committed.columns.get(k), desired.columns.get(k)));
    }

    /** Marks the columns that become XML with the comment XML, and unmarks those that stop being XML. */
    private static void commentXml(TableDefinition desired, TableDefinition committed, List<Statement> statements) {
        for (Map.Entry<String, ColumnType> column : desired.columns.entrySet()) {
            DataType type = column.getValue().type();
            ColumnType before = committed == null ? null : committed.columns.get(column.getKey());
            String comment = "COMMENT ON COLUMN " + Warehouse.qualified(desired.name) + "." + Naming.quote(column.getKey());
            if (type == DataType.XML && (before == null || before.type() != DataType.XML)) {
                statements.add(Statement.of(comment + " IS 'XML'"));
            } else if (before != null && before.type() == DataType.XML && type != DataType.XML) {
                statements.add(Statement.of(comment + " IS NULL"));
            }
        }
    }

    /** Recreates the table under a changed primary key, keeping the newest row of each new key. */
    private static void rebuild(TableDefinition desired, TableDefinition committed, List<Statement> statements) {
        String table = Warehouse.qualified(desired.name);
        String rebuilt = Warehouse.qualified(desired.name + "_fivetran_rebuild");
        statements.add(Statement.of("DROP TABLE IF EXISTS " + rebuilt));
        statements.add(Statement.of(createTable(desired, rebuilt)));
        StringJoiner targets = new StringJoiner(", ");
        StringJoiner sources = new StringJoiner(", ");
        for (Map.Entry<String, ColumnType> column : desired.columns.entrySet()) {
            String quoted = Naming.quote(column.getKey());
            targets.add(quoted);
            sources.add("CAST(" + (committed.columns.containsKey(column.getKey()) ? quoted : "NULL") + " AS " + column.getValue().sql()
                    + ") AS " + quoted);
        }
        String key;
        if (desired.keyedById()) {
            targets.add(Naming.quote(TableDefinition.ID));
            sources.add(idExpression(committed.userColumns(), null) + " AS " + Naming.quote(TableDefinition.ID));
            key = Naming.quote(TableDefinition.ID);
        } else {
            key = joined(desired.primaryKey, "");
        }
        StringJoiner notNull = new StringJoiner(" AND ", " WHERE ", "");
        desired.primaryKey.forEach(k -> notNull.add(committed.columns.containsKey(k) ? Naming.quote(k) + " IS NOT NULL" : "false"));
        statements.add(Statement.of("INSERT INTO " + rebuilt + " (" + targets + ", " + TableDefinition.SYNCED + ", " + TableDefinition.DELETED + ") "
                + "SELECT * FROM (SELECT " + sources + ", " + TableDefinition.SYNCED + ", " + TableDefinition.DELETED + " FROM " + table
                + (desired.keyedById() ? "" : notNull.toString()) + ") QUALIFY row_number() OVER (PARTITION BY " + key
                + " ORDER BY " + TableDefinition.SYNCED + " DESC) = 1"));
        statements.add(Statement.of("DROP TABLE " + table));
        statements.add(Statement.of("ALTER TABLE " + rebuilt + " RENAME TO " + Naming.quote(desired.name)));
    }

    // ---- merge -----------------------------------------------------------------------------------------------

    /**
     * The statements that apply a segment's staged operations to the destination table, then its truncate, with the
     * same result as applying them one by one.
     */
    static List<Statement> merge(TableDefinition desired, String stagingTable, Segment segment) {
        List<Statement> statements = new ArrayList<>();
        if (segment.upserts() || segment.changes()) {
            String rows = stagedRows(desired, stagingTable, segment, statements);
            if (segment.changes()) {
                mergeAll(desired, rows, statements);
            } else {
                mergeUpserts(desired, rows, statements);
            }
            if (desired.keyedById()) {
                statements.add(Statement.of("DROP TABLE temp.main." + KEYED));
            }
        }
        if (segment.truncatedAt() != null) {
            statements.add(new Statement("UPDATE " + Warehouse.qualified(desired.name) + " SET " + TableDefinition.DELETED + " = true, "
                    + TableDefinition.SYNCED + " = ? WHERE NOT " + TableDefinition.DELETED, List.of(segment.truncatedAt()), null));
        }
        return statements;
    }

    /**
     * The staged rows of a segment, as a relation. For a table without a primary key they are copied with their
     * {@code _fivetran_id} into a temporary table, so that the hash is computed once per row.
     */
    private static String stagedRows(TableDefinition desired, String stagingTable, Segment segment, List<Statement> statements) {
        String rows = "SELECT * FROM " + staging(stagingTable) + " WHERE " + SEQ + " > " + segment.afterSeq() + " AND " + SEQ + " < "
                + segment.beforeSeq();
        if (!desired.keyedById()) {
            return "(" + rows + ")";
        }
        statements.add(Statement.of("CREATE OR REPLACE TEMP TABLE " + KEYED + " AS SELECT *, "
                + idExpression(desired.userColumns(), GIVEN_ID) + " AS " + TableDefinition.ID + " FROM (" + rows + ")"));
        return "temp.main." + KEYED;
    }

    /**
     * {@code _fivetran_id}: the MD5 of the row's non-null columns, sorted by name, each written as name, U+001F,
     * DuckDB's text of the value, and joined by U+001E, as a 128-bit unsigned integer (DuckDB's {@code md5_number}).
     * Identical rows get the same id. An integer key is indexed several times faster than the 32-character hex text.
     * {@code givenId}, if not null, is a column whose value, when there is one, is the id instead.
     */
    static String idExpression(List<String> columns, String givenId) {
        List<String> sorted = new ArrayList<>(columns);
        Collections.sort(sorted);
        StringJoiner parts = new StringJoiner(", ");
        for (String column : sorted) {
            String quoted = Naming.quote(column);
            parts.add("CASE WHEN " + quoted + " IS NULL THEN NULL ELSE '" + column.replace("'", "''") + "' || chr(31) || CAST(" + quoted + " AS VARCHAR) END");
        }
        String hash = sorted.isEmpty() ? "md5_number('')" : "md5_number(concat_ws(chr(30), " + parts + "))";
        return givenId == null ? hash : "coalesce(CAST(" + givenId + " AS UHUGEINT), " + hash + ")";
    }

    /** The columns that identify a row: the primary key, or {@code _fivetran_id}. */
    private static List<String> keyColumns(TableDefinition desired) {
        return desired.keyedById() ? List.of(TableDefinition.ID) : desired.primaryKey;
    }

    private static List<String> valueColumns(TableDefinition desired) {
        List<String> values = desired.userColumns();
        values.removeAll(desired.primaryKey);
        return values;
    }

    /** The user columns a merge writes besides the key: all of them for a table keyed by {@code _fivetran_id}. */
    private static List<String> rowValueColumns(TableDefinition desired) {
        return desired.keyedById() ? desired.userColumns() : valueColumns(desired);
    }

    private static String insertColumns(TableDefinition desired) {
        List<String> all = new ArrayList<>(keyColumns(desired));
        all.addAll(rowValueColumns(desired));
        return joined(all, "") + ", " + TableDefinition.SYNCED + ", " + TableDefinition.DELETED;
    }

    private static String joined(List<String> columns, String prefix) {
        StringJoiner out = new StringJoiner(", ");
        columns.forEach(c -> out.add(prefix + Naming.quote(c)));
        return out.toString();
    }

    private static String sameKey(List<String> keys, String left, String right) {
        StringJoiner same = new StringJoiner(" AND ");
        keys.forEach(k -> same.add(left + "." + Naming.quote(k) + " = " + right + "." + Naming.quote(k)));
        return same.toString();
    }

    /**
     * Upserts only: the newest staged row per key replaces the table's row. Rows whose keys are in the table are
     * deleted first and all rows inserted plainly, which DuckDB does faster than INSERT OR REPLACE.
     */
    private static void mergeUpserts(TableDefinition desired, String rows, List<Statement> statements) {
        String keys = joined(keyColumns(desired), "");
        List<String> values = rowValueColumns(desired);
        String select = keys + (values.isEmpty() ? "" : ", " + joined(values, "")) + ", " + TS + ", false";
        String table = Warehouse.qualified(desired.name);
        statements.add(Statement.of("DELETE FROM " + table + " t USING (SELECT DISTINCT " + keys + " FROM " + rows + " WHERE "
                + OP + " = " + UPSERT + ") s WHERE " + sameKey(keyColumns(desired), "t", "s")));
        statements.add(Statement.of("INSERT INTO " + table + " (" + insertColumns(desired) + ") SELECT " + select
                + " FROM " + rows + " WHERE " + OP + " = " + UPSERT
                + " QUALIFY row_number() OVER (PARTITION BY " + keys + " ORDER BY " + SEQ + " DESC) = 1"));
    }

    /**
     * Any mix of operations, aggregated per key in one pass: the newest upsert's values (else the table's row), each
     * column overlaid by its newest update after that upsert, deleted if a delete follows it; the results then
     * replace the table's rows.
     */
    private static void mergeAll(TableDefinition desired, String rows, List<Statement> statements) {
        List<String> keys = keyColumns(desired);
        List<String> values = rowValueColumns(desired);
        List<String> all = desired.userColumns();
        String keyList = joined(keys, "");
        String afterUpsert = "(_fivetran_up IS NULL OR " + SEQ + " > _fivetran_up)";
        StringBuilder aggregates = new StringBuilder();
        StringBuilder finals = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String column = Naming.quote(values.get(i));
            int position = all.indexOf(values.get(i)) + 1;
            String given = OP + " = " + UPDATE + " AND substr(" + PRESENT + ", " + position + ", 1) = '1' AND " + afterUpsert;
            aggregates.append(", arg_max_null(").append(column).append(", ").append(SEQ).append(") FILTER (WHERE ").append(OP)
                    .append(" = ").append(UPSERT).append(") AS _fivetran_u").append(i)
                    .append(", arg_max_null(").append(column).append(", ").append(SEQ).append(") FILTER (WHERE ").append(given)
                    .append(") AS _fivetran_p").append(i)
                    .append(", bool_or(").append(given).append(") AS _fivetran_h").append(i);
            finals.append(", CASE WHEN a._fivetran_h").append(i).append(" THEN a._fivetran_p").append(i)
                    .append(" WHEN a._fivetran_up IS NOT NULL THEN a._fivetran_u").append(i)
                    .append(" ELSE t.").append(column).append(" END");
        }
        String table = Warehouse.qualified(desired.name);
        statements.add(Statement.of("CREATE OR REPLACE TEMP TABLE _fivetran_merge AS "
                + "WITH ops AS (SELECT *, max(CASE WHEN " + OP + " = " + UPSERT + " THEN " + SEQ + " END) OVER (PARTITION BY " + keyList
                + ") AS _fivetran_up FROM " + rows + "), "
                + "agg AS (SELECT " + keyList + ", max(_fivetran_up) AS _fivetran_up, max(" + TS + ") AS _fivetran_ts, "
                + "bool_or(" + OP + " = " + DELETE + " AND " + afterUpsert + ") AS _fivetran_del" + aggregates
                + " FROM ops GROUP BY " + keyList + ") "
                + "SELECT " + joined(keys, "a.") + finals + ", a._fivetran_ts, "
                + "CASE WHEN a._fivetran_del THEN true WHEN a._fivetran_up IS NOT NULL THEN false ELSE t." + TableDefinition.DELETED + " END "
                + "FROM agg a LEFT JOIN " + table + " t ON " + sameKey(keys, "t", "a")
                + " WHERE a._fivetran_up IS NOT NULL OR t." + TableDefinition.SYNCED + " IS NOT NULL"));
        if (desired.keyedById()) {
            // no constraint to replace on (see createTable)
            statements.add(Statement.of("DELETE FROM " + table + " t USING " + MERGE + " m WHERE t." + TableDefinition.ID + " = m." + TableDefinition.ID));
            statements.add(Statement.of("INSERT INTO " + table + " (" + insertColumns(desired) + ") SELECT * FROM " + MERGE));
        } else {
            statements.add(Statement.of("INSERT OR REPLACE INTO " + table + " (" + insertColumns(desired) + ") SELECT * FROM " + MERGE));
        }
        statements.add(Statement.of("DROP TABLE " + MERGE));
    }
}
