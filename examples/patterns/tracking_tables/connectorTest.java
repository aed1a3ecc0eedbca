///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test): each test
 * loads source.sql (customers, orders, products) into a schema of its own, which it drops after; syncs two tables,
 * changes them, adds the third to the configuration and syncs again; then removes one and adds it back.
 * Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.postgresql().executeFile(Path.of("source.sql"));
    }

    @AfterEach
    void dropSource() {
        source.close();
    }

    /** Rows written in the sync, by table. */
    private static Map<String, Long> written(SyncResult result) {
        return result.tables().stream().filter(table -> table.written() > 0)
                .collect(Collectors.toMap(SyncResult.TableCount::table, SyncResult.TableCount::written));
    }

    private static Map<String, Object> cursor(String updatedAt, int id) {
        Map<String, Object> cursor = new LinkedHashMap<>();
        cursor.put("updated_at", updatedAt);
        cursor.put("id", id);
        return cursor;
    }

    @Test
    void aTableAddedToTheConfigurationIsBackfilledWhileTheOthersSyncOnlyTheirChanges() throws Exception {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("jdbc_url", source.url()).configure("tables", "customers, orders")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("customers", 3L, "orders", 3L), written(first));
            assertEquals(List.of(Map.of("id", 3, "name", "Linus", "updated_at", OffsetDateTime.of(2024, 1, 4, 11, 0, 0, 0, ZoneOffset.UTC))),
                    sync.rows("SELECT id, name, updated_at FROM customers WHERE email IS NULL"));
            assertEquals(new BigDecimal("99.99"), sync.value("SELECT amount FROM orders WHERE id = 3"));
            assertEquals(0L, sync.value("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'tester' AND table_name = 'products'"));
            assertEquals(Map.of("tracked_tables", List.of("customers", "orders"),
                    "customers", cursor("2024-01-04T11:00Z", 3), "orders", cursor("2024-01-06T12:30Z", 3)), first.state());

            source.execute("""
                    UPDATE customers SET email = 'linus@example.com', updated_at = '2024-02-01 10:00+00' WHERE id = 3;
                    INSERT INTO orders VALUES (4, 3, 12.00, '2024-02-01 11:00+00');
                    INSERT INTO products VALUES (4, 'SHELF-04', 49.90, '2024-02-01 12:00+00');
                    """);
            sync.configure("tables", "customers, orders, products");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(Map.of("customers", 1L, "orders", 1L, "products", 3L), written(second),
                    "products backfilled from initial_timestamp (not the product of 2023); of the others only their changes");
            assertEquals(List.of(2, 3, 4), sync.rows("SELECT id FROM products ORDER BY id").stream().map(row -> row.get("id")).toList());
            assertEquals("linus@example.com", sync.value("SELECT email FROM customers WHERE id = 3"));
            assertTrue(sync.log().contains("INFO products: new in the configuration: backfilling from initial_timestamp 2024-01-01T00:00:00Z"),
                    sync.log()::toString);
            assertEquals(Map.of("tracked_tables", List.of("customers", "orders", "products"),
                    "customers", cursor("2024-02-01T10:00Z", 3), "orders", cursor("2024-02-01T11:00Z", 4),
                    "products", cursor("2024-02-01T12:00Z", 4)), second.state());

            sync.configure("tables", "customers, products");
            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts());
            assertEquals(Map.of("tracked_tables", List.of("customers", "products"),
                    "customers", cursor("2024-02-01T10:00Z", 3), "products", cursor("2024-02-01T12:00Z", 4)), third.state(),
                    "orders and its cursor dropped from state");
            assertEquals(4L, sync.value("SELECT count(*) FROM orders"), "its rows stay in the destination");

            sync.configure("tables", "customers, products, orders");
            SyncResult fourth = sync.run();
            assertTrue(fourth.succeeded(), fourth.failure());
            assertEquals(Map.of("orders", 4L), written(fourth), "added back: backfilled again");
            assertFalse(sync.log().stream().anyMatch(line -> line.contains("customers: new")), sync.log()::toString);
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
