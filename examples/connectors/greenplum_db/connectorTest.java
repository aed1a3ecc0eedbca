///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test), the
 * stand-in for Greenplum's coordinator: each test loads source.sql into schema greenplum_test, which it drops after,
 * syncs, changes the source and syncs again from the saved state. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHEMA = "greenplum_test";
    private static final String ORDERS = SCHEMA + ".orders";
    private static final String ITEMS = SCHEMA + ".order_items";
    /** Made first: the kit sets up the log (else the driver's DEBUG lines of the setup show). */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
            .configuration(Path.of("configuration.json")).configure("jdbc_url", SERVER)
            .configure("tables", ORDERS + "," + ITEMS).configure("fetch_size", "2");

    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.postgresql(SCHEMA).executeFile(Path.of("source.sql"));
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    private static List<Map<String, Object>> columns(TestSync sync, String table) {
        return sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = '"
                + table + "' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position");
    }

    @Test
    void theTablesArriveWithTheirTypesThenOnlyTheChangesWithSoftDeletesAsDeletes() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(12L, first.counts().upserts(), "5 orders and 7 order items");
        assertEquals(7L, first.counts().checkpoints(), "every 2 rows (fetch_size) and after each table's last row: 3 + 4");
        assertEquals(List.of(Map.of("column_name", "id", "data_type", "BIGINT"), Map.of("column_name", "customer", "data_type", "VARCHAR"),
                        Map.of("column_name", "amount", "data_type", "DECIMAL(12,2)"), Map.of("column_name", "status", "data_type", "VARCHAR"),
                        Map.of("column_name", "ordered_on", "data_type", "DATE"), Map.of("column_name", "updated_at", "data_type", "TIMESTAMP"),
                        Map.of("column_name", "deleted_at", "data_type", "TIMESTAMP")),
                columns(sync, "orders"));
        assertEquals(List.of("order_id", "line"), sync.rows("SELECT unnest(constraint_column_names) AS c FROM duckdb_constraints() "
                + "WHERE schema_name = 'tester' AND table_name = 'order_items' AND constraint_type = 'PRIMARY KEY'").stream().map(row -> row.get("c")).toList());
        assertEquals(List.of(Map.of("customer", "Grace", "amount", new BigDecimal("250.00"), "ordered_on", LocalDate.of(2024, 1, 2),
                        "updated_at", LocalDateTime.of(2024, 1, 2, 11, 0))),
                sync.rows("SELECT customer, amount, ordered_on, updated_at FROM orders WHERE id = 2"));
        assertEquals(7L, sync.value("SELECT count(*) FROM order_items"));
        assertEquals(Map.of(ORDERS, Map.of("updated_at", "2024-01-04T08:15", "id", 5),
                ITEMS, Map.of("updated_at", "2024-01-04T08:15", "order_id", 5, "line", 1)), first.state());

        source.execute("""
                UPDATE greenplum_test.orders SET status = 'shipped', updated_at = '2024-02-01 09:00' WHERE id = 2;
                UPDATE greenplum_test.orders SET deleted_at = '2024-02-01 09:00', updated_at = '2024-02-01 09:00' WHERE id = 3;
                INSERT INTO greenplum_test.orders VALUES (6, 'Barbara', 42.00, 'new', '2024-02-01', '2024-02-01 10:00', NULL);
                INSERT INTO greenplum_test.order_items VALUES (6, 1, 'PEN-01', 1, '2024-02-01 10:00', NULL);
                UPDATE greenplum_test.order_items SET quantity = 6, updated_at = '2024-02-01 10:00' WHERE order_id = 4 AND line = 2;
                """);
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(4L, second.counts().upserts(), "order 2's change, order 6, its item, item (4, 2): nothing else");
        assertEquals(1L, second.counts().deletes(), "order 3, soft-deleted in the source");
        assertEquals(List.of(Map.of("id", 2L, "status", "shipped", "_fivetran_deleted", false), Map.of("id", 3L, "status", "paid", "_fivetran_deleted", true),
                        Map.of("id", 6L, "status", "new", "_fivetran_deleted", false)),
                sync.rows("SELECT id, status, _fivetran_deleted FROM orders WHERE id IN (2, 3, 6) ORDER BY id"));
        assertEquals(6, sync.value("SELECT quantity FROM order_items WHERE order_id = 4 AND line = 2"));
        assertEquals(Map.of(ORDERS, Map.of("updated_at", "2024-02-01T10:00", "id", 6),
                ITEMS, Map.of("updated_at", "2024-02-01T10:00", "order_id", 6, "line", 1)), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts() + third.counts().deletes(), "nothing changed");
        assertEquals(second.state(), third.state());
    }

    @Test
    void sessionActivityKeepsOneRowPerSessionWithItsLatestQuery() throws Exception {
        sync.configure("sync_session_activity", "true");
        try (Connection session = DriverManager.getConnection(SERVER + "?ApplicationName=greenplum_connector_test", "postgres", "");
                Statement statement = session.createStatement()) {
            long pid;
            OffsetDateTime backendStart;
            try (ResultSet me = statement.executeQuery("SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
                me.next();
                pid = me.getLong(1);
                backendStart = me.getObject(2, OffsetDateTime.class);
            }
            statement.execute("SELECT 'first marker'");
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            List<Map<String, Object>> mine = sync.rows("SELECT application_name, backend_start, query FROM session_activity WHERE pid = " + pid);
            assertEquals(1, mine.size(), mine::toString);
            assertEquals("greenplum_connector_test", mine.get(0).get("application_name"));
            assertEquals(backendStart.toInstant(), ((OffsetDateTime) mine.get(0).get("backend_start")).toInstant());
            assertEquals("SELECT 'first marker'", mine.get(0).get("query"));
            assertTrue(first.state().get("session_activity") instanceof Map<?, ?> position && position.containsKey("query_start"), first.state()::toString);

            statement.execute("SELECT 'second marker'");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(List.of(0L, 0L), second.tables().stream().filter(table -> !table.table().equals("session_activity"))
                    .map(SyncResult.TableCount::written).toList(), "the tables did not change: only sessions were written");
            assertEquals(List.of("SELECT 'second marker'"),
                    sync.rows("SELECT query FROM session_activity WHERE pid = " + pid).stream().map(row -> row.get("query")).toList());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
