package fivetran.connector.sdk.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.DataType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MergeSqlTest {
    private static final String STAGE = "_fivetran_stage_0";
    private static final ColumnType LONG = ColumnType.of(DataType.LONG);
    private static final ColumnType INT = ColumnType.of(DataType.INT);
    private static final ColumnType STRING = ColumnType.of(DataType.STRING);
    private static final ColumnType XML = ColumnType.of(DataType.XML);

    /** A table definition: {@code columns} alternate a name and its type. */
    private static TableDefinition table(List<String> key, Object... columns) {
        TableDefinition table = new TableDefinition("t");
        table.primaryKey.addAll(key);
        for (int i = 0; i < columns.length; i += 2) {
            table.columns.put((String) columns[i], (ColumnType) columns[i + 1]);
        }
        return table;
    }

    private static MergeSql.Segment upserts(long after, long before) {
        return new MergeSql.Segment(after, before, true, false, null);
    }

    private static MergeSql.Segment mixed(long after, long before) {
        return new MergeSql.Segment(after, before, true, true, null);
    }

    private static List<String> sql(List<MergeSql.Statement> statements) {
        return statements.stream().map(MergeSql.Statement::sql).toList();
    }

    // ---- the SQL's shape ---------------------------------------------------------------------------------------

    @Test
    void upsertOnlySegmentDeletesUsingTheKeysThenInsertsTheNewestRowPerKey() {
        TableDefinition definition = table(List.of("id", "region"), "id", LONG, "region", STRING, "name", STRING);
        List<String> sql = sql(MergeSql.merge(definition, STAGE, upserts(5, 9)));

        String rows = "(SELECT * FROM temp.main.\"_fivetran_stage_0\" WHERE _fivetran_stage_seq > 5 AND _fivetran_stage_seq < 9)";
        assertEquals(List.of(
                "DELETE FROM tester.\"t\" t USING (SELECT DISTINCT \"id\", \"region\" FROM " + rows + " WHERE _fivetran_stage_op = 0) s"
                        + " WHERE t.\"id\" = s.\"id\" AND t.\"region\" = s.\"region\"",
                "INSERT INTO tester.\"t\" (\"id\", \"region\", \"name\", _fivetran_synced, _fivetran_deleted)"
                        + " SELECT \"id\", \"region\", \"name\", _fivetran_stage_ts, false FROM " + rows + " WHERE _fivetran_stage_op = 0"
                        + " QUALIFY row_number() OVER (PARTITION BY \"id\", \"region\" ORDER BY _fivetran_stage_seq DESC) = 1"), sql);
    }

    @Test
    void tableWithoutPrimaryKeyHashesItsIdOnceIntoATempTableAndDeletesThenInserts() {
        TableDefinition definition = table(List.of(), "name", STRING, "n", INT);
        for (MergeSql.Segment segment : List.of(upserts(0, 9), mixed(0, 9))) {
            List<String> sql = sql(MergeSql.merge(definition, STAGE, segment));

            assertTrue(sql.get(0).startsWith("CREATE OR REPLACE TEMP TABLE _fivetran_keyed AS SELECT *, coalesce(CAST(_fivetran_stage_id AS UHUGEINT), md5_number("),
                    sql.get(0));
            assertEquals(1, sql.stream().filter(s -> s.contains("md5_number")).count(), sql::toString);
            assertTrue(sql.stream().skip(1).allMatch(s -> !s.contains("_fivetran_stage_0")), "later statements read the hashed copy: " + sql);
            assertTrue(sql.stream().anyMatch(s -> s.startsWith("DELETE FROM tester.\"t\" t USING")), sql::toString);
            assertTrue(sql.stream().anyMatch(s -> s.startsWith("INSERT INTO tester.\"t\" (\"_fivetran_id\", \"name\", \"n\", ")), sql::toString);
            assertTrue(sql.stream().noneMatch(s -> s.contains("INSERT OR REPLACE")), sql::toString);
            assertEquals("DROP TABLE temp.main._fivetran_keyed", sql.get(sql.size() - 1));
        }
        String create = MergeSql.createTable(definition, "tester.\"t\"");
        assertTrue(create.contains("\"_fivetran_id\" UHUGEINT NOT NULL"), create);
        assertFalse(create.contains("PRIMARY KEY"), create);
        assertFalse(create.contains("UNIQUE"), create);
    }

    @Test
    void mixedSegmentAggregatesPerKeyWithArgMaxNullAndBoolOr() {
        TableDefinition definition = table(List.of("id"), "id", LONG, "name", STRING, "n", INT);
        List<String> sql = sql(MergeSql.merge(definition, STAGE, mixed(0, 9)));

        assertEquals(3, sql.size(), sql::toString);
        String aggregate = sql.get(0);
        assertTrue(aggregate.startsWith("CREATE OR REPLACE TEMP TABLE _fivetran_merge AS WITH ops AS (SELECT *, "
                + "max(CASE WHEN _fivetran_stage_op = 0 THEN _fivetran_stage_seq END) OVER (PARTITION BY \"id\") AS _fivetran_up"), aggregate);
        assertTrue(aggregate.contains(" FROM ops GROUP BY \"id\")"), aggregate);
        assertTrue(aggregate.contains("bool_or(_fivetran_stage_op = 2 AND (_fivetran_up IS NULL OR _fivetran_stage_seq > _fivetran_up)) AS _fivetran_del"),
                aggregate);
        // "n" is the third column: an update gives it when the third character of its presence is 1
        assertTrue(aggregate.contains("arg_max_null(\"n\", _fivetran_stage_seq) FILTER (WHERE _fivetran_stage_op = 0) AS _fivetran_u1"), aggregate);
        assertTrue(aggregate.contains("arg_max_null(\"n\", _fivetran_stage_seq) FILTER (WHERE _fivetran_stage_op = 1"
                + " AND substr(_fivetran_stage_present, 3, 1) = '1' AND (_fivetran_up IS NULL OR _fivetran_stage_seq > _fivetran_up)) AS _fivetran_p1"),
                aggregate);
        assertTrue(aggregate.contains("bool_or(_fivetran_stage_op = 1 AND substr(_fivetran_stage_present, 2, 1) = '1'"), aggregate);
        assertTrue(aggregate.contains("LEFT JOIN tester.\"t\" t ON t.\"id\" = a.\"id\""), aggregate);
        assertEquals("INSERT OR REPLACE INTO tester.\"t\" (\"id\", \"name\", \"n\", _fivetran_synced, _fivetran_deleted) SELECT * FROM temp.main._fivetran_merge",
                sql.get(1));
        assertEquals("DROP TABLE temp.main._fivetran_merge", sql.get(2));
    }

    @Test
    void changedPrimaryKeyRebuildsTheTableKeepingTheNewestRowPerKey() {
        TableDefinition committed = table(List.of("id"), "id", LONG, "region", STRING);
        TableDefinition desired = table(List.of("region"), "id", LONG, "region", STRING);
        List<String> sql = sql(MergeSql.applyDefinition(desired, committed));

        assertEquals(List.of(
                "DROP TABLE IF EXISTS tester.\"t_fivetran_rebuild\"",
                "CREATE TABLE tester.\"t_fivetran_rebuild\" (\"region\" VARCHAR, \"id\" BIGINT, \"_fivetran_synced\" TIMESTAMP WITH TIME ZONE,"
                        + " \"_fivetran_deleted\" BOOLEAN, PRIMARY KEY (\"region\"))",
                "INSERT INTO tester.\"t_fivetran_rebuild\" (\"id\", \"region\", _fivetran_synced, _fivetran_deleted) SELECT * FROM"
                        + " (SELECT CAST(\"id\" AS BIGINT) AS \"id\", CAST(\"region\" AS VARCHAR) AS \"region\", _fivetran_synced, _fivetran_deleted"
                        + " FROM tester.\"t\" WHERE \"region\" IS NOT NULL)"
                        + " QUALIFY row_number() OVER (PARTITION BY \"region\" ORDER BY _fivetran_synced DESC) = 1",
                "DROP TABLE tester.\"t\"",
                "ALTER TABLE tester.\"t_fivetran_rebuild\" RENAME TO \"t\""), sql);

        TableDefinition widerKey = table(List.of("id"), "id", LONG, "region", STRING);
        TableDefinition intKey = table(List.of("id"), "id", INT, "region", STRING);
        assertEquals("DROP TABLE IF EXISTS tester.\"t_fivetran_rebuild\"", sql(MergeSql.applyDefinition(widerKey, intKey)).get(0),
                "a key column's changed type rebuilds too");
    }

    @Test
    void quotesOddColumnNamesAsIdentifiersAndAsText() {
        TableDefinition definition = table(List.of("select"), "select", LONG, "we\"ird", STRING, "it's", STRING);

        assertEquals("CREATE TABLE tester.\"t\" (\"select\" BIGINT, \"we\"\"ird\" VARCHAR, \"it's\" VARCHAR,"
                + " \"_fivetran_synced\" TIMESTAMP WITH TIME ZONE, \"_fivetran_deleted\" BOOLEAN, PRIMARY KEY (\"select\"))",
                MergeSql.createTable(definition, "tester.\"t\""));
        assertEquals("md5_number(concat_ws(chr(30), "
                + "CASE WHEN \"it's\" IS NULL THEN NULL ELSE 'it''s' || chr(31) || CAST(\"it's\" AS VARCHAR) END, "
                + "CASE WHEN \"we\"\"ird\" IS NULL THEN NULL ELSE 'we\"ird' || chr(31) || CAST(\"we\"\"ird\" AS VARCHAR) END))",
                MergeSql.idExpression(List.of("we\"ird", "it's"), null));
        String insert = sql(MergeSql.merge(definition, STAGE, upserts(0, 9))).get(1);
        assertTrue(insert.contains("(\"select\", \"we\"\"ird\", \"it's\", _fivetran_synced, _fivetran_deleted)"), insert);
        assertEquals("ALTER TABLE temp.main.\"_fivetran_stage_0\" ADD COLUMN \"we\"\"ird\" VARCHAR",
                MergeSql.addStagingColumn(STAGE, "we\"ird", STRING));
    }

    @Test
    void xmlColumnGetsItsCommentWhenItBecomesXmlAndLosesItWhenItStops() {
        TableDefinition created = table(List.of("id"), "id", LONG, "doc", XML);
        assertEquals("COMMENT ON COLUMN tester.\"t\".\"doc\" IS 'XML'", sql(MergeSql.applyDefinition(created, null)).get(1));

        TableDefinition before = table(List.of("id"), "id", LONG);
        assertEquals(List.of("ALTER TABLE tester.\"t\" ADD COLUMN \"doc\" VARCHAR", "COMMENT ON COLUMN tester.\"t\".\"doc\" IS 'XML'"),
                sql(MergeSql.applyDefinition(created, before)));
        assertEquals(List.of(), sql(MergeSql.applyDefinition(created, created.copy())), "an XML column that stays XML");

        TableDefinition text = table(List.of("id"), "id", LONG, "doc", STRING);
        assertEquals(List.of("ALTER TABLE tester.\"t\" ALTER COLUMN \"doc\" TYPE VARCHAR", "COMMENT ON COLUMN tester.\"t\".\"doc\" IS NULL"),
                sql(MergeSql.applyDefinition(text, created)));
    }

    @Test
    void typeChangeNamesTheTableColumnAndTypesForItsRefusal() {
        TableDefinition committed = table(List.of("id"), "id", LONG, "n", STRING);
        TableDefinition desired = table(List.of("id"), "id", LONG, "n", INT);
        List<MergeSql.Statement> statements = MergeSql.applyDefinition(desired, committed);

        assertEquals(1, statements.size());
        assertEquals("ALTER TABLE tester.\"t\" ALTER COLUMN \"n\" TYPE INTEGER", statements.get(0).sql());
        assertEquals("table 't', column 'n': cannot change its type from STRING to INT", statements.get(0).refusal());
        assertNull(MergeSql.applyDefinition(table(List.of("id"), "id", LONG, "n", INT, "m", INT), desired).get(0).refusal());
    }

    @Test
    void truncateSoftDeletesLiveRowsAtItsTimeAfterTheSegmentsRows() {
        OffsetDateTime at = OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        TableDefinition definition = table(List.of("id"), "id", LONG);
        List<MergeSql.Statement> statements = MergeSql.merge(definition, STAGE, new MergeSql.Segment(0, 9, true, false, at));

        MergeSql.Statement truncate = statements.get(statements.size() - 1);
        assertEquals(3, statements.size());
        assertEquals("UPDATE tester.\"t\" SET _fivetran_deleted = true, _fivetran_synced = ? WHERE NOT _fivetran_deleted", truncate.sql());
        assertEquals(List.of(at), truncate.parameters());
        assertEquals(List.of(truncate), MergeSql.merge(definition, STAGE, new MergeSql.Segment(0, 9, false, false, at)),
                "a segment without rows only truncates");
    }

    // ---- the SQL runs --------------------------------------------------------------------------------------------

    private static final String T1 = "TIMESTAMPTZ '2024-01-01 00:00:01+00'";
    private static final String T2 = "TIMESTAMPTZ '2024-01-01 00:00:02+00'";
    private static final String T3 = "TIMESTAMPTZ '2024-01-01 00:00:03+00'";

    @Test
    void statementsRunOnDuckDbAndGiveTheRowsOfTheOperationsAppliedOneByOne() throws SQLException {
        OffsetDateTime truncatedAt = OffsetDateTime.of(2024, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            TableDefinition keyed = table(List.of("id"), "id", LONG, "we\"ird", STRING, "select", INT);
            create(connection, keyed);

            stage(connection, "(1, 0, " + T1 + ", NULL, NULL, 1, 'a', 10)", "(2, 0, " + T1 + ", NULL, NULL, 2, 'b', 20)",
                    "(3, 0, " + T1 + ", NULL, NULL, 1, 'c', 30)");
            execute(connection, MergeSql.merge(keyed, STAGE, upserts(Long.MIN_VALUE, Long.MAX_VALUE)));
            assertEquals(List.of("1|c|30|false", "2|b|20|false"), rows(connection, "\"id\", \"we\"\"ird\", \"select\", _fivetran_deleted"));

            execute(connection, MergeSql.clearStaging(STAGE));
            stage(connection, "(4, 1, " + T2 + ", '010', NULL, 1, 'u', NULL)", "(5, 2, " + T2 + ", NULL, NULL, 2, NULL, NULL)",
                    "(6, 0, " + T2 + ", NULL, NULL, 3, 'n', 1)", "(7, 1, " + T2 + ", '010', NULL, 9, 'missing', NULL)",
                    "(9, 0, " + T3 + ", NULL, NULL, 4, 'after the truncate', 20)");
            execute(connection, MergeSql.merge(keyed, STAGE, new MergeSql.Segment(3, 8, true, true, truncatedAt)));
            assertEquals(List.of("1|u|30|true|2024-02-01T00:00Z", "2|b|20|true|2024-01-01T00:00:02Z", "3|n|1|true|2024-02-01T00:00Z"),
                    rows(connection, "\"id\", \"we\"\"ird\", \"select\", _fivetran_deleted, _fivetran_synced"));
            execute(connection, MergeSql.merge(keyed, STAGE, upserts(8, Long.MAX_VALUE)));
            assertEquals("4|after the truncate|20|false", rows(connection, "\"id\", \"we\"\"ird\", \"select\", _fivetran_deleted").get(3));

            // keyed by "select", rows 2 and 4 share a key: the newer, 4, stays
            TableDefinition bySelect = table(List.of("select"), "id", LONG, "we\"ird", STRING, "select", INT);
            execute(connection, MergeSql.applyDefinition(bySelect, keyed));
            assertEquals(List.of("1|u|30|true", "3|n|1|true", "4|after the truncate|20|false"),
                    rows(connection, "\"id\", \"we\"\"ird\", \"select\", _fivetran_deleted"));
        }
    }

    @Test
    void statementsRunOnDuckDbForATableKeyedByItsRowsHash() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            TableDefinition unkeyed = table(List.of(), "name", STRING, "n", INT);
            create(connection, unkeyed);

            stage(connection, "(1, 0, " + T1 + ", NULL, NULL, 'x', 1)", "(2, 0, " + T1 + ", NULL, NULL, 'x', 1)",
                    "(3, 0, " + T1 + ", NULL, NULL, 'y', NULL)");
            execute(connection, MergeSql.merge(unkeyed, STAGE, upserts(0, 4)));
            String documentedId = "md5_number('n' || chr(31) || '1' || chr(30) || 'name' || chr(31) || 'x')";
            assertEquals(List.of("x|1|false|true", "y|null|false|false"),
                    rows(connection, "\"name\", \"n\", _fivetran_deleted, _fivetran_id = " + documentedId));

            stage(connection, "(4, 2, " + T2 + ", NULL, NULL, 'x', 1)", "(5, 0, " + T2 + ", NULL, NULL, 'z', 3)");
            execute(connection, MergeSql.merge(unkeyed, STAGE, mixed(3, 6)));
            assertEquals(List.of("x|1|true", "y|null|false", "z|3|false"), rows(connection, "\"name\", \"n\", _fivetran_deleted"));
        }
    }

    private static void execute(Connection connection, List<MergeSql.Statement> statements) throws SQLException {
        for (MergeSql.Statement statement : statements) {
            try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
                for (int i = 0; i < statement.parameters().size(); i++) {
                    prepared.setObject(i + 1, statement.parameters().get(i));
                }
                prepared.execute();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        execute(connection, List.of(MergeSql.Statement.of(sql)));
    }

    /** The table and its staging table, in a new in-memory warehouse. */
    private static void create(Connection connection, TableDefinition definition) throws SQLException {
        execute(connection, "CREATE SCHEMA tester");
        execute(connection, MergeSql.applyDefinition(definition, null));
        execute(connection, MergeSql.createStaging(definition, STAGE));
    }

    private static void stage(Connection connection, String... rows) throws SQLException {
        execute(connection, "INSERT INTO temp.main.\"" + STAGE + "\" VALUES " + String.join(", ", rows));
    }

    /** The table's rows, ordered by the first column, each as its values joined by |. */
    private static List<String> rows(Connection connection, String columns) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + columns + " FROM tester.\"t\" ORDER BY 1")) {
            int count = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= count; i++) {
                    values.add(result.getMetaData().getColumnTypeName(i).contains("TIME ZONE")
                            ? result.getObject(i, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toString()
                            : String.valueOf(result.getObject(i)));
                }
                rows.add(values.stream().collect(Collectors.joining("|")));
            }
        }
        return rows;
    }
}
