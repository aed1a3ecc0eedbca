///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline (its row is built in code): each column's DuckDB type is the one inferred from
 * the Java value written, and a column only ever null is not created. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema));
    }

    @Test
    void everyColumnTypeIsInferredFromItsJavaValue() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("id", "INTEGER");
            expected.put("active", "BOOLEAN");
            expected.put("views", "BIGINT");
            expected.put("price", "DECIMAL(38,2)");
            expected.put("rating", "DOUBLE");
            expected.put("released", "DATE");
            expected.put("local_time", "TIMESTAMP");
            expected.put("updated_at", "TIMESTAMP WITH TIME ZONE");
            expected.put("tags", "JSON");
            expected.put("release_text", "VARCHAR");
            Map<String, Object> types = new LinkedHashMap<>();
            sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'inferred'"
                    + " AND NOT starts_with(column_name, '_fivetran') ORDER BY column_index")
                    .forEach(row -> types.put((String) row.get("column_name"), row.get("data_type")));
            assertEquals(expected, types, "no column for discontinued, only ever null");
        }
    }

    @Test
    void aStringThatLooksLikeADateStaysText() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(List.of(Map.of("release_text", "2024-05-01", "released", "2024-05-01", "tags", "[\"new\",\"sale\"]")),
                    sync.rows("SELECT release_text, released::VARCHAR AS released, tags::VARCHAR AS tags FROM inferred"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
