///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after the NPS API's documentation (parks, people,
 * alerts and articles; start/limit paging; the total/limit/start/data envelope; api.data.gov's key and its errors):
 * recordings/ (two syncs, one WireMock scenario per URL, a 429 before the first alerts page) and
 * recordings-invalid-key/ (403 API_KEY_INVALID). Not the live API. Run: jbang connectorTest.java
 */
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("api_key", "nps-test-key-0123456789abcdef").configure("limit", "2")
                .replay(Path.of(recording));
    }

    private static Map<String, String> types(TestSync sync, String table) {
        Map<String, String> types = new HashMap<>();
        sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = '" + table + "'")
                .forEach(column -> types.put((String) column.get("column_name"), (String) column.get("data_type")));
        return types;
    }

    @Test
    void everyEndpointIsPagedAndTheSecondSyncWritesOnlyWhatChangedAndDeletesWhatLeft() throws Exception {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("429")), sync.log()::toString);
            assertEquals(8L, first.counts().upserts());
            assertEquals(4L, first.counts().checkpoints(), "one per table, its rows with its hashes");
            assertEquals(Set.of("parks", "people", "alerts", "articles"), first.state().keySet());
            assertEquals(4, ((Map<?, ?>) first.state().get("parks")).size());

            Map<String, Object> yosemite = sync.rows("SELECT * FROM parks WHERE park_code = 'yose'").get(0);
            assertEquals("4324B2B4-D1A3-497F-8E6B-27171FAE4DB2", yosemite.get("park_id"));
            assertEquals("Yosemite National Park", yosemite.get("name"));
            assertEquals(37.84883288, (Double) yosemite.get("latitude"), 1e-9);
            assertEquals(JSON.readTree("[\"Hiking\",\"Rock Climbing\"]"), yosemite.get("activities"));
            assertEquals("ID,UT", sync.value("SELECT states FROM parks WHERE park_code = 'ciro'"), "NPS's text, not split into letters");
            assertNull(sync.value("SELECT latitude FROM parks WHERE park_code = 'ciro'"), "an empty latitude is null");
            Map<String, String> parks = types(sync, "parks");
            assertEquals("VARCHAR", parks.get("park_id"));
            assertEquals("DOUBLE", parks.get("latitude"));
            assertEquals("JSON", parks.get("activities"));
            Map<String, Object> muir = sync.rows("SELECT * FROM people WHERE last_name = 'Muir'").get(0);
            assertEquals("John Muir", muir.get("name"));
            assertEquals("Naturalist and advocate for the preservation of wilderness.", muir.get("description"));
            assertEquals(JSON.readTree("[\"yose\",\"jomu\"]"), muir.get("related_parks"));
            assertEquals(JSON.readTree("[\"Yosemite National Park\",\"Sequoia & Kings Canyon National Parks\"]"),
                    sync.value("SELECT park_names FROM articles"));
            assertEquals("Park Closure", sync.value("SELECT category FROM alerts"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(3L, second.counts().upserts(), "Yosemite changed, Acadia and the flood warning new; the rest unchanged");
            assertEquals(2L, second.counts().deletes(), "Grand Canyon and the lifted closure");
            assertEquals("Granite cliffs, waterfalls and giant sequoias.", sync.value("SELECT description FROM parks WHERE park_code = 'yose'"));
            assertEquals(true, sync.value("SELECT _fivetran_deleted FROM parks WHERE park_code = 'grca'"));
            assertEquals(4L, sync.value("SELECT count(*) FROM parks WHERE NOT _fivetran_deleted"));
            assertEquals(true, sync.value("SELECT _fivetran_deleted FROM alerts WHERE alert_id = 'A1B2C3D4-0000-4000-8000-000000000001'"));
            assertNull(sync.value("SELECT url FROM alerts WHERE alert_id = 'A1B2C3D4-0000-4000-8000-000000000002'"), "an empty url is null");
            assertEquals(Set.of("A1B2C3D4-0000-4000-8000-000000000002"), ((Map<?, ?>) second.state().get("alerts")).keySet());
        }
    }

    @Test
    void anInvalidKeyFailsTheSyncNamingIt() {
        try (TestSync sync = sync("recordings-invalid-key")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the NPS API refused the api_key (403): check configuration 'api_key'"), result.failure());
            assertTrue(result.failure().contains("API_KEY_INVALID"), result.failure());
            assertTrue(result.state().isEmpty());
        }
        try (TestSync sync = sync("recordings-invalid-key").configure("api_key", "")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("api_key"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
