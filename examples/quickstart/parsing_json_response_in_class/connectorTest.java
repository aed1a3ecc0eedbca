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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline: response.json (in the jar by //FILES) parsed into records, whose components become
 * the columns, nested ones JSON. Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void theRecordsComponentsAreUpsertedAsColumns() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(2L, result.counts().upserts());
            assertEquals(2L, sync.value("SELECT count(*) FROM orders"));
            Map<String, Object> first = sync.rows("SELECT customer, total, created_at, ship_to->>'city' AS city, "
                    + "lines->>'$[1].sku' AS second_sku, json_array_length(lines)::BIGINT AS lines FROM orders WHERE id = 1").get(0);
            assertEquals("acme", first.get("customer"));
            assertEquals(0, new BigDecimal("129.90").compareTo((BigDecimal) first.get("total")), () -> first.get("total").toString());
            assertEquals(OffsetDateTime.of(2024, 3, 1, 9, 30, 0, 0, ZoneOffset.UTC), first.get("created_at"));
            assertEquals("Lyon", first.get("city"));
            assertEquals("B-7", first.get("second_sku"));
            assertEquals(2L, first.get("lines"));
            assertEquals(0L, sync.value("SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'tester' "
                    + "AND table_name = 'orders' AND column_name = 'internal_note'"), "a field not in the records is ignored");
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
