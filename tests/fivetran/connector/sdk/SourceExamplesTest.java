package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import fivetran.connector.sdk.testing.SourceDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The database and message-source examples, run through JBang against the real local servers. */
@Tag("servers")
class SourceExamplesTest {
    private static Project.Result debug(Project project) {
        return debugWith(project, Map.of());
    }

    private static Project.Result debugWith(Project project, Map<String, String> environment) {
        Project.Result result = project.jbangWith(environment, "debug");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
        return result;
    }

    /** A copy of the example, its source.sql loaded into a database of its own, configuration.json pointing at it. */
    private static Project example(String name, SourceDatabase db, String... moreConfiguration) {
        Project project = Project.example(name);
        db.executeFile(project.file("source.sql"));
        return project.write("configuration.json", db.configuration(moreConfiguration));
    }

    private static List<Object> column(Project project, String sql) {
        return project.query(sql).stream().map(row -> row.values().iterator().next()).toList();
    }

    @Test
    void postgresqlSyncsFullyThenIncrementallyAndDeletesSoftDeletedRows() {
        try (SourceDatabase db = SourceDatabase.postgresql()) {
            Project project = example("connectors/postgresql", db);
            debug(project);
            assertEquals(List.of("Ada", "Grace", "Linus"), column(project, "SELECT name FROM tester.customers ORDER BY id"));
            assertEquals("{\"customers\":{\"updated_at\":\"2024-01-02T10:30\",\"id\":3}}", project.state());

            db.execute("""
                    UPDATE customers SET deleted_at = '2024-02-01 08:00', updated_at = '2024-02-01 08:00' WHERE id = 2;
                    UPDATE customers SET email = 'ada@new.example.com', updated_at = '2024-02-01 09:00' WHERE id = 1;
                    INSERT INTO customers (name, updated_at) VALUES ('Barbara', '2024-02-01 09:00');
                    """);
            Project.Result second = debug(project);
            assertTrue(second.err().contains("customers: 3 rows read"), second::toString);
            assertEquals(List.of(Map.of("name", "Ada", "email", "ada@new.example.com", "_fivetran_deleted", false),
                            Map.of("name", "Grace", "email", "grace@example.com", "_fivetran_deleted", true),
                            Map.of("name", "Linus", "email", "linus@example.com", "_fivetran_deleted", false)),
                    project.query("SELECT name, email, _fivetran_deleted FROM tester.customers WHERE id <= 3 ORDER BY id"));
            assertEquals("Barbara", project.value("SELECT name FROM tester.customers WHERE id = 4"));
            assertEquals("{\"customers\":{\"updated_at\":\"2024-02-01T09:00\",\"id\":4}}", project.state());
        }
    }

    @Test
    void mysqlCopiesEachListedTableOfMariadbWithItsOwnPosition() {
        try (SourceDatabase db = SourceDatabase.mariadb()) {
            Project project = example("connectors/mysql", db, "tables", "products, orders");
            debug(project);
            assertEquals(List.of(new java.math.BigDecimal("24.90"), new java.math.BigDecimal("31.50")),
                    column(project, "SELECT price FROM tester.products ORDER BY id"));
            assertEquals(2L, project.value("SELECT count(*) FROM tester.orders"));
            db.execute("UPDATE products SET price = 26.00 WHERE id = 1");
            Project.Result second = debug(project);
            assertTrue(second.err().contains("products: 1 rows read") && second.err().contains("orders: 0 rows read"), second::toString);
            assertEquals(new java.math.BigDecimal("26.00"), project.value("SELECT price FROM tester.products WHERE id = 1"));
            assertTrue(project.state().contains("\"orders\":{\"updated_at\":\"2024-01-03T12:05\",\"id\":2}"), project.state());
        }
    }

    @Test
    void keyBasedReplicationSavesTheReplicationKeyAtEveryCheckpoint() {
        try (SourceDatabase db = SourceDatabase.postgresql()) {
            Project project = example("patterns/key_based_replication", db, "table", "invoices", "replication_key", "version,id", "checkpoint_every", "2");
            Project.Result first = debug(project);
            assertTrue(first.out().contains("Checkpoints     | 2"), first::toString);
            assertEquals("{\"invoices\":{\"version\":3,\"id\":3}}", project.state());
            db.execute("UPDATE invoices SET status = 'paid' WHERE id = 1");
            debug(project);
            assertEquals("{\"invoices\":{\"version\":4,\"id\":1}}", project.state());
            assertEquals(List.of("paid", "open", "open"), column(project, "SELECT status FROM tester.invoices ORDER BY id"));
        }
    }

    @Test
    void schemaFromDatabaseDeclaresTypesAndKeysFromTheSourceMetadata() {
        try (SourceDatabase db = SourceDatabase.postgresql()) {
            Project project = example("patterns/schema_from_database", db, "tables", "accounts,transfers");
            debug(project);
            assertEquals(List.of(Map.of("column_name", "account_id", "data_type", "INTEGER"),
                            Map.of("column_name", "seq", "data_type", "SMALLINT"),
                            Map.of("column_name", "amount", "data_type", "DECIMAL(12,2)"),
                            Map.of("column_name", "booked_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "details", "data_type", "JSON")),
                    project.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                            + "AND table_name = 'transfers' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"));
            assertEquals("DATE", project.value("SELECT data_type FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'opened'"));
            assertEquals(3L, project.value("SELECT count(*) FROM tester.transfers"));
            assertEquals(java.time.OffsetDateTime.parse("2024-03-01T09:00Z"),
                    project.value("SELECT booked_at FROM tester.transfers WHERE account_id = 1 AND seq = 1"));
            assertEquals(List.of("account_id", "seq"), column(project, "SELECT unnest(constraint_column_names) FROM duckdb_constraints() "
                    + "WHERE table_name = 'transfers' AND constraint_type = 'PRIMARY KEY'"));
        }
    }

    @Test
    void serverSideCursorsStreamALargeTableInASmallHeapThatALoadedResultOverflows() {
        try (SourceDatabase db = SourceDatabase.postgresql()) {
            Project project = example("patterns/server_side_cursors", db, "fetch_size", "5000");
            Project.Result streamed = debug(project);
            assertTrue(streamed.err().contains("streamed 300,000 rows"), streamed::toString);
            assertEquals(300_000L, project.value("SELECT count(*) FROM tester.measurements"));
            System.out.println("server_side_cursors: " + streamed.err().lines().filter(l -> l.contains("streamed")).findFirst().orElse(""));

            project.write("configuration.json", db.configuration("fetch_size", "0"));
            Project.Result loaded = project.jbang("debug");
            assertEquals(1, loaded.exit(), loaded::toString);
            assertTrue(loaded.all().contains("OutOfMemoryError"), loaded::toString);
        }
    }

    @Test
    void trackingTablesApplyInsertsUpdatesAndDeletesFromTheChangeTable() {
        try (SourceDatabase db = SourceDatabase.postgresql()) {
            Project project = example("patterns/tracking_tables", db);
            debug(project);
            assertEquals("{\"orders_changes\":{\"change_id\":3}}", project.state());
            db.execute("""
                    DELETE FROM orders WHERE id = 2;
                    UPDATE orders SET status = 'shipped' WHERE id = 1;
                    INSERT INTO orders VALUES (4, 'Barbara', 12.00, 'new');
                    """);
            debug(project);
            assertEquals(List.of(Map.of("id", 1, "status", "shipped", "_fivetran_deleted", false),
                            Map.of("id", 2, "status", "new", "_fivetran_deleted", true),
                            Map.of("id", 3, "status", "new", "_fivetran_deleted", false),
                            Map.of("id", 4, "status", "new", "_fivetran_deleted", false)),
                    project.query("SELECT id, status, _fivetran_deleted FROM tester.orders ORDER BY id"));
            assertEquals("{\"orders_changes\":{\"change_id\":6}}", project.state());
        }
    }

    @Test
    void environmentDrivenConnectivityUsesTheProfileTheEnvironmentNames() {
        try (SourceDatabase dev = SourceDatabase.postgresql(); SourceDatabase prod = SourceDatabase.postgresql()) {
            Project project = Project.example("patterns/environment_driven_connectivity");
            dev.executeFile(project.file("source.sql"));
            prod.executeFile(project.file("source.sql"));
            project.write("configuration.json", "{\"dev.jdbc_url\": \"" + dev.url() + "\", \"dev.user\": \"postgres\", "
                    + "\"prod.jdbc_url\": \"" + prod.url() + "\", \"prod.user\": \"postgres\", \"prod.password\": \"s3cret\"}");
            Project.Result result = debugWith(project, Map.of("CONNECTOR_ENV", "prod"));
            assertTrue(result.err().contains("connection profile: prod"), result::toString);
            assertEquals(List.of("test." + prod.name()), column(project, "SELECT DISTINCT source FROM tester.products"));
            assertTrue(!result.all().contains("s3cret"), result::toString);

            Project.Result missing = project.jbangWith(Map.of("CONNECTOR_ENV", "staging"), "debug");
            assertEquals(1, missing.exit(), missing::toString);
            assertTrue(missing.all().contains("staging.jdbc_url"), missing::toString);
        }
    }

    @Test
    void incrementalSyncStrategiesRefreshKeysetAndWindowSideBySide() {
        try (SourceDatabase db = SourceDatabase.postgresql()) {
            Project project = example("patterns/incremental_sync_strategies", db, "start", "2024-01-01T00:00:00Z", "window_days", "90", "lag_minutes", "0");
            debug(project);
            assertEquals(2L, project.value("SELECT count(*) FROM tester.page_views"));
            db.execute("""
                    DELETE FROM currencies WHERE code = 'CHF';
                    UPDATE orders SET amount = 12.50, updated_at = '2024-02-01 09:00' WHERE id = 1;
                    INSERT INTO page_views (path, viewed_at) VALUES ('/new', now());
                    """);
            debug(project);
            assertEquals(List.of(Map.of("code", "CHF", "_fivetran_deleted", true), Map.of("code", "EUR", "_fivetran_deleted", false),
                            Map.of("code", "USD", "_fivetran_deleted", false)),
                    project.query("SELECT code, _fivetran_deleted FROM tester.currencies ORDER BY code"));
            assertEquals(new java.math.BigDecimal("12.50"), project.value("SELECT amount FROM tester.orders WHERE id = 1"));
            assertEquals(List.of("/", "/pricing", "/new"), column(project, "SELECT path FROM tester.page_views ORDER BY id"));
            assertTrue(project.state().contains("\"page_views_until\":\"20"), project.state());
        }
    }
}
