///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline: its HTTP is answered from recordings/ and recordings-malformed/, written by hand
 * after a CSV export endpoint (GET /export/csv?updated_since=..., text/csv with a header line, the columns of the
 * upstream example's api-playground export), not recorded from a live API. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("base_url", "https://api.example.com").configure("api_key", "test-key").configure("batch_size", "2")
                .replay(Path.of(recording));
    }

    private static OffsetDateTime utc(String text) {
        return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Test
    void theExportIsParsedIntoTypedRowsAndTheNextSyncAsksOnlyForWhatChangedSince() {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(4L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints(), "after rows 2 and 4 (batch_size 2), then with the cursor");
            assertEquals(Map.of("updated_since", "2024-01-04T09:30:00Z"), first.state(), "the newest updatedAt, though the export is not sorted");

            Map<String, Object> grace = new LinkedHashMap<>();
            grace.put("id", 2L);
            grace.put("name", "Grace Hopper");
            grace.put("email", "grace@example.com");
            grace.put("address", "1 Navy Way, Arlington");
            grace.put("company", "US Navy");
            grace.put("job", "Rear Admiral, \"Amazing Grace\"");
            grace.put("created_at", utc("2024-01-02T10:00:00Z"));
            grace.put("updated_at", utc("2024-01-03T08:15:00Z"));
            assertEquals(List.of(grace), sync.rows("SELECT id, name, email, address, company, job, created_at, updated_at FROM \"user\" WHERE id = 2"),
                    "quoted commas and doubled quotes as the text they stand for");
            assertEquals("Draper Laboratory\n555 Technology Square", sync.value("SELECT address FROM \"user\" WHERE id = 4"), "a quoted line break");
            Map<String, Object> linus = new LinkedHashMap<>();
            linus.put("address", null);
            linus.put("job", null);
            assertEquals(List.of(linus), sync.rows("SELECT address, job FROM \"user\" WHERE id = 3"), "empty fields are null");
            assertEquals(List.of(Map.of("column_name", "id", "data_type", "BIGINT"),
                            Map.of("column_name", "name", "data_type", "VARCHAR"),
                            Map.of("column_name", "created_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "updated_at", "data_type", "TIMESTAMP WITH TIME ZONE")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'user'"
                            + " AND column_name IN ('id', 'name', 'created_at', 'updated_at') ORDER BY column_index"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(3L, second.counts().upserts(), "Barbara, new; Grace, updated; Margaret again, updated at the cursor itself");
            assertEquals(Map.of("updated_since", "2024-01-05T12:00:00Z"), second.state());
            assertEquals(5L, sync.value("SELECT count(*) FROM \"user\""));
            assertEquals("grace@navy.example.mil", sync.value("SELECT email FROM \"user\" WHERE id = 2"));
            assertEquals(0L, sync.value("SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'user'"
                    + " AND column_name = 'plan'"), "a column the record does not declare is ignored");

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts(), "an export of the header only");
            assertEquals(Map.of("updated_since", "2024-01-05T12:00:00Z"), third.state(), "the cursor stays");
        }
    }

    @Test
    void aRowThatDoesNotParseFailsTheSyncNamingItsLineAndMovesNoCursor() {
        try (TestSync sync = sync("recordings-malformed")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("export/csv, line 3:") && result.failure().contains("yesterday"), result.failure());
            assertEquals(Map.of(), result.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
