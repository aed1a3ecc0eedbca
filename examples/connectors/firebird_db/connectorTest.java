///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.firebirdsql.management.FBManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local Firebird server (127.0.0.1:3050, user fivetran_test, which .ci/run creates
 * with the right to create databases): each test creates a database of its own, loads source.sql into it, syncs,
 * changes the source, syncs again from the saved state, and drops the database. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static final String USER = "fivetran_test";
    private static final String PASSWORD = "fivetran_test";
    private final String file = "/var/lib/firebird/3.0/data/connector_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".fdb";
    private final String url = "jdbc:firebird://127.0.0.1:3050/" + file + "?charSet=UTF-8";
    /** Made first: the kit sets up the log. Batches of 2 rows, so that every table takes several. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
            .configuration(Path.of("configuration.json")).configure("jdbc_url", url).configure("batch_size", "2");

    @BeforeEach
    void createSource() throws Exception {
        try (FBManager manager = manager()) {
            manager.createDatabase(file, USER, PASSWORD);
        }
        for (String statement : Files.readString(Path.of("source.sql")).replaceAll("(?m)^--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                execute(statement);
            }
        }
    }

    @AfterEach
    void dropSource() throws Exception {
        sync.close();
        try (FBManager manager = manager()) {
            manager.dropDatabase(file, USER, PASSWORD);
        }
    }

    private static FBManager manager() throws Exception {
        FBManager manager = new FBManager();
        manager.setServer("127.0.0.1");
        manager.setPort(3050);
        manager.setDefaultCharacterSet("UTF8");
        manager.start();
        return manager;
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<Map<String, Object>> columns(String table) {
        return sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = '"
                + table + "' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name");
    }

    private static Map<String, Object> column(String name, String type) {
        return Map.of("column_name", name, "data_type", type);
    }

    @Test
    void everyTableArrivesInBatchesWithItsTypesThenOnlyTheRowsAfterItsCursor() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(10L, first.counts().upserts(), "3 + 5 + 2 rows");
        assertEquals(List.of("INFO table_2: 2 rows read", "INFO table_2: 2 rows read", "INFO table_2: 1 rows read"),
                sync.log().stream().filter(line -> line.startsWith("INFO table_2: ") && line.contains("rows read"))
                        .map(line -> line.replaceAll(", position .*", "")).toList(),
                "batches of 2: three rows share one DATE_MODIFIED, across a batch boundary, and none is read twice");
        assertEquals(List.of(column("amount", "DECIMAL(38,2)"), column("created_on", "DATE"), column("id", "INTEGER"), column("name", "VARCHAR")),
                columns("table_1"));
        assertEquals(List.of(column("active", "BOOLEAN"), column("date_modified", "TIMESTAMP"), column("id", "INTEGER"), column("status", "VARCHAR")),
                columns("table_2"));
        assertEquals(List.of(column("date_modified", "TIMESTAMP"), column("id", "BIGINT"), column("note", "VARCHAR"), column("score", "DOUBLE")),
                columns("table_3"));
        assertEquals(List.of(Map.of("id", 2, "name", "Grâce", "amount", new BigDecimal("250.00"), "created_on", LocalDate.of(2024, 1, 2))),
                sync.rows("SELECT id, name, amount, created_on FROM table_1 WHERE id = 2"));
        assertEquals(List.of(1, 2, 3, 4, 5), sync.rows("SELECT id FROM table_2 ORDER BY id").stream().map(row -> row.get("id")).toList());
        assertEquals(List.of(Map.of("status", "paid", "active", false, "date_modified", LocalDateTime.of(2024, 1, 2, 10, 30))),
                sync.rows("SELECT status, active, date_modified FROM table_2 WHERE id = 3"));
        assertEquals(LocalDateTime.of(2024, 1, 3, 8, 15, 0, 250_000_000), sync.value("SELECT date_modified FROM table_2 WHERE id = 5"));
        assertEquals(List.of(Map.of("id", 20L, "note", "second note", "score", 1250.0)), sync.rows("SELECT id, note, score FROM table_3 WHERE id = 20"));
        assertEquals(Map.of("table_1", Map.of("ID", 3), "table_2", Map.of("DATE_MODIFIED", "2024-01-03T08:15:00.250", "ID", 5),
                "table_3", Map.of("DATE_MODIFIED", "2024-01-06T12:00", "ID", 20)), first.state());

        execute("INSERT INTO table_1 VALUES (4, 'Barbara', 7.25, '2024-02-01')");
        execute("UPDATE table_2 SET STATUS = 'shipped', DATE_MODIFIED = '2024-02-01 09:00:00' WHERE ID = 3");
        execute("UPDATE table_2 SET STATUS = 'lost' WHERE ID = 1"); // DATE_MODIFIED unchanged: invisible to the cursor
        execute("INSERT INTO table_2 VALUES (6, 'new', TRUE, '2024-02-01 09:00:00')");
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(3L, second.counts().upserts(), "table_1's new row, table_2's row 3 and row 6: nothing else");
        assertEquals(Map.of("table_1", 1L, "table_2", 2L, "table_3", 0L),
                second.tables().stream().collect(java.util.stream.Collectors.toMap(SyncResult.TableCount::table, SyncResult.TableCount::written)));
        assertEquals("Barbara", sync.value("SELECT name FROM table_1 WHERE id = 4"));
        assertEquals(List.of(Map.of("id", 1, "status", "new"), Map.of("id", 3, "status", "shipped"), Map.of("id", 6, "status", "new")),
                sync.rows("SELECT id, status FROM table_2 WHERE id IN (1, 3, 6) ORDER BY id"));
        assertEquals(Map.of("table_1", Map.of("ID", 4), "table_2", Map.of("DATE_MODIFIED", "2024-02-01T09:00", "ID", 6),
                "table_3", Map.of("DATE_MODIFIED", "2024-01-06T12:00", "ID", 20)), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts(), "nothing changed");
        assertEquals(second.state(), third.state());
    }

    @Test
    void aWrongPasswordFailsTheSyncWithoutShowingTheUrl() {
        sync.configure("password", "not-the-password");
        SyncResult result = sync.run();
        assertTrue(!result.succeeded(), "the sync should fail");
        assertTrue(result.failure().contains("cannot connect to the database of configuration key 'jdbc_url'"), result.failure());
        assertTrue(!result.failure().contains(file), result.failure());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
