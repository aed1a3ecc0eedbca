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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline: every declared type stored from Java values (row 1) and from text the SDK parses
 * (row 2). Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema));
    }

    @Test
    void javaValuesAreStoredAsTheirDeclaredTypes() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(2L, result.counts().upserts());
            Map<String, Object> java = sync.rows("SELECT * EXCLUDE (_fivetran_synced, raw, details) FROM specified WHERE id = 1").get(0);
            assertEquals(true, java.get("flag"));
            assertEquals((short) 42, java.get("small"));
            assertEquals(9_007_199_254_740_993L, java.get("big"));
            assertEquals(new BigDecimal("1234.56"), java.get("price"));
            assertEquals(0.5f, java.get("ratio"));
            assertEquals(98.6, java.get("score"));
            assertEquals(LocalDate.of(2024, 2, 29), java.get("day"));
            assertEquals(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000), java.get("local_time"));
            assertEquals(OffsetDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000, ZoneOffset.UTC), java.get("utc_time"));
            assertEquals("<order><id>1</id></order>", java.get("document"));
            assertEquals("from Java values", java.get("label"));
            assertEquals(List.of(Map.of("raw", "bytes", "tags", "[\"a\",\"b\"]", "count", 2L)),
                    sync.rows("SELECT decode(raw) AS raw, json_extract(details, '$.tags')::VARCHAR AS tags, "
                            + "json_extract(details, '$.count')::BIGINT AS count FROM specified WHERE id = 1"));
        }
    }

    @Test
    void textIsParsedForTheDeclaredType() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            Map<String, Object> text = sync.rows("SELECT price, day, local_time, utc_time, label FROM specified WHERE id = 2").get(0);
            assertEquals(new BigDecimal("99.95"), text.get("price"));
            assertEquals(LocalDate.of(2024, 3, 1), text.get("day"));
            assertEquals(LocalDateTime.of(2024, 3, 1, 8, 0), text.get("local_time"));
            assertEquals(OffsetDateTime.of(2024, 3, 1, 6, 0, 0, 0, ZoneOffset.UTC), text.get("utc_time"), "the offset applied");
            assertEquals("from text", text.get("label"));
        }
    }

    @Test
    void everyColumnHasItsDeclaredWarehouseType() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            Map<String, String> declared = new LinkedHashMap<>();
            sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'specified' "
                    + "AND NOT starts_with(column_name, '_fivetran') ORDER BY column_index")
                    .forEach(row -> declared.put((String) row.get("column_name"), (String) row.get("data_type")));
            assertEquals(Map.ofEntries(Map.entry("id", "INTEGER"), Map.entry("flag", "BOOLEAN"), Map.entry("small", "SMALLINT"),
                    Map.entry("big", "BIGINT"), Map.entry("price", "DECIMAL(10,2)"), Map.entry("ratio", "FLOAT"),
                    Map.entry("score", "DOUBLE"), Map.entry("day", "DATE"), Map.entry("local_time", "TIMESTAMP"),
                    Map.entry("utc_time", "TIMESTAMP WITH TIME ZONE"), Map.entry("raw", "BLOB"), Map.entry("document", "VARCHAR"),
                    Map.entry("label", "VARCHAR"), Map.entry("details", "JSON")), declared);
            assertEquals("XML", sync.value("SELECT comment FROM duckdb_columns() WHERE schema_name = 'tester' "
                    + "AND table_name = 'specified' AND column_name = 'document'"), "XML is stored as text, marked in its comment");
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
