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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local MariaDB server (127.0.0.1:3306, user root, empty password): each test loads
 * source.sql into a database of its own, which it drops after, syncs, changes the source and syncs again from the
 * saved state. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    /** Made first: the kit sets up the log (else the driver's DEBUG lines of the setup show). */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.mariadb().executeFile(Path.of("source.sql"));
        sync.configure("jdbc_url", source.url());
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    private boolean logged(String start) {
        return sync.log().stream().anyMatch(line -> line.startsWith("INFO " + start));
    }

    @Test
    void eachListedTableIsCopiedIncrementallyFromItsOwnPosition() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(4L, first.counts().upserts());
        assertEquals(List.of(new BigDecimal("24.90"), new BigDecimal("31.50")),
                sync.rows("SELECT price FROM products ORDER BY id").stream().map(row -> row.get("price")).toList());
        assertEquals(2L, sync.value("SELECT count(*) FROM orders"));
        assertEquals(Map.of("products", Map.of("updated_at", "2024-01-01T08:00", "id", 2),
                "orders", Map.of("updated_at", "2024-01-03T12:05", "id", 2)), first.state());

        source.execute("UPDATE products SET price = 26.00 WHERE id = 1");
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertTrue(logged("products: 1 rows read") && logged("orders: 0 rows read"), sync.log()::toString);
        assertEquals(1L, second.counts().upserts(), "only the product changed");
        assertEquals(new BigDecimal("26.00"), sync.value("SELECT price FROM products WHERE id = 1"));
        assertEquals(Map.of("updated_at", "2024-01-03T12:05", "id", 2), second.state().get("orders"), "orders' position unchanged");
        assertEquals(1, ((Map<?, ?>) second.state().get("products")).get("id"), "products' position moved to the updated row");

        source.execute("INSERT INTO orders (product_id, quantity) VALUES (1, 3)");
        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertTrue(logged("products: 0 rows read") && logged("orders: 1 rows read"), sync.log()::toString);
        assertEquals(List.of(Map.of("id", 3L, "product_id", 1, "quantity", 3)), sync.rows("SELECT id, product_id, quantity FROM orders WHERE id = 3"));
        assertEquals(second.state().get("products"), third.state().get("products"));
        assertEquals(3, ((Map<?, ?>) third.state().get("orders")).get("id"));
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
