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
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test), standing
 * in for TimescaleDB with plain tables (it has neither the timescaledb nor the pgvector extension): each test loads
 * source.sql into schema timescale_test, which it drops after, syncs, changes the source and syncs again from the
 * saved state. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHEMA = "timescale_test";
    /** Made first: the kit sets up the log (else the driver's DEBUG lines of the setup show). */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
            .configuration(Path.of("configuration.json")).configure("jdbc_url", SERVER).configure("schema", SCHEMA)
            .configure("fetch_size", "5");

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

    private List<String> columns(String table) {
        return sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = '"
                        + table + "' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name").stream()
                .map(row -> row.get("column_name") + " " + row.get("data_type")).toList();
    }

    @Test
    void everyReadingOfEverySensorArrivesThenOnlyTheNewOnesTiesIncluded() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(15L, first.counts().upserts(), "12 readings (3 sensors x 4 minutes) and 3 embeddings");
        assertEquals(4L, first.counts().checkpoints(), "readings: after rows 5 and 10 and the last; embeddings: the last");
        assertEquals(12L, sync.value("SELECT count(*) FROM sensor_data"), "upstream's key, sensor_id alone, kept 3 rows");
        assertEquals(List.of("humidity DOUBLE", "sensor_id INTEGER", "temperature DOUBLE", "time TIMESTAMP WITH TIME ZONE"), columns("sensor_data"));
        assertEquals(List.of("created_at TIMESTAMP WITH TIME ZONE", "embedding_type VARCHAR", "id INTEGER", "vector_data JSON"), columns("sensor_embeddings"));
        assertEquals(List.of(Map.of("temperature", 22.3, "humidity", 47.0)),
                sync.rows("SELECT temperature, humidity FROM sensor_data WHERE sensor_id = 2 AND time = TIMESTAMPTZ '2024-05-01 12:03:00+00'"));
        assertEquals(List.of(Map.of("dimensions", 3L, "last", -1.25, "type", "temperature")),
                sync.rows("SELECT CAST(json_array_length(vector_data) AS BIGINT) AS dimensions, CAST(vector_data->>2 AS DOUBLE) AS last, embedding_type AS type "
                        + "FROM sensor_embeddings WHERE id = 1"));
        assertEquals("[1,0,0.75]", sync.value("SELECT CAST(vector_data AS VARCHAR) FROM sensor_embeddings WHERE id = 2"));
        assertEquals(OffsetDateTime.parse("2024-05-01T12:05Z").toInstant(),
                ((OffsetDateTime) sync.value("SELECT created_at FROM sensor_embeddings WHERE id = 3")).toInstant());
        assertEquals(Map.of("sensor_data", Map.of("time", "2024-05-01T12:03Z", "sensor_id", 3),
                "sensor_embeddings", Map.of("created_at", "2024-05-01T12:05Z", "id", 3)), first.state());

        source.execute("""
                SET search_path TO timescale_test;
                INSERT INTO sensor_data SELECT s, '2024-05-01 12:04:00+00', 30, 50 FROM generate_series(1, 3) AS s;
                INSERT INTO sensor_data VALUES (4, '2024-05-01 12:03:00+00', 18.5, 61);
                INSERT INTO sensor_embeddings VALUES (4, 'humidity', '[0,0,1]', '2024-05-01 12:05:00+00');
                """);
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(5L, second.counts().upserts(), "3 readings at 12:04, sensor 4's at 12:03 and embedding 4, at the saved times: nothing else");
        assertEquals(16L, sync.value("SELECT count(*) FROM sensor_data"));
        assertEquals(18.5, sync.value("SELECT temperature FROM sensor_data WHERE sensor_id = 4"));
        assertEquals(Map.of("sensor_data", Map.of("time", "2024-05-01T12:04Z", "sensor_id", 3),
                "sensor_embeddings", Map.of("created_at", "2024-05-01T12:05Z", "id", 4)), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts(), "nothing changed");
        assertEquals(second.state(), third.state());
    }

    @Test
    void aVectorThatIsNotInTextFormFailsTheSyncNamingTheRow() throws Exception {
        source.execute("UPDATE " + SCHEMA + ".sensor_embeddings SET vector_data = '(0.1, 0.2)' WHERE id = 2");
        SyncResult result = sync.run();
        assertFalse(result.succeeded());
        assertTrue(result.failure().contains("sensor_embeddings id 2: vector_data is not a vector's text form"), result.failure());
        assertEquals(Map.of("time", "2024-05-01T12:03Z", "sensor_id", 3), result.state().get("sensor_data"), "the readings were committed");
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
