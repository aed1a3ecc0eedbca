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
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test): each test
 * loads source.sql into a schema of its own, which it drops after, syncs, changes the three tables and syncs again.
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

    private static OffsetDateTime windowsEnd(SyncResult result) {
        return OffsetDateTime.parse((String) result.state().get("page_views_until"));
    }

    @Test
    void fullRefreshKeysetAndTimeWindowsEachTakeTheirTablesChanges() throws Exception {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"))
                .configure("jdbc_url", source.url()).configure("start", "2024-01-01T00:00:00Z").configure("window_days", "90").configure("lag_minutes", "0")) {
            OffsetDateTime started = OffsetDateTime.now();
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(7L, first.counts().upserts(), "3 currencies, 2 orders, 2 page views");
            assertEquals(1L, first.counts().truncates(), "currencies");
            assertEquals(2L, sync.value("SELECT count(*) FROM page_views"));
            assertEquals(Map.of("updated_at", "2024-01-06T11:00", "id", 2), first.state().get("orders"));
            assertTrue(!windowsEnd(first).isBefore(started), "the windows reach now: " + first.state());
            assertEquals(2, first.state().size(), first.state()::toString);

            source.execute("""
                    DELETE FROM currencies WHERE code = 'CHF';
                    UPDATE orders SET amount = 12.50, updated_at = '2024-02-01 09:00' WHERE id = 1;
                    INSERT INTO page_views (path, viewed_at) VALUES ('/new', now());
                    """);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(4L, second.counts().upserts(), "the 2 currencies left, the changed order, the new page view");
            assertEquals(List.of(Map.of("code", "CHF", "_fivetran_deleted", true), Map.of("code", "EUR", "_fivetran_deleted", false),
                            Map.of("code", "USD", "_fivetran_deleted", false)),
                    sync.rows("SELECT code, _fivetran_deleted FROM currencies ORDER BY code"));
            assertEquals(new BigDecimal("12.50"), sync.value("SELECT amount FROM orders WHERE id = 1"));
            assertEquals(List.of("/", "/pricing", "/new"), sync.rows("SELECT path FROM page_views ORDER BY id").stream().map(row -> row.get("path")).toList());
            assertEquals(Map.of("updated_at", "2024-02-01T09:00", "id", 1), second.state().get("orders"));
            assertTrue(windowsEnd(second).isAfter(windowsEnd(first)), second.state()::toString);
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
