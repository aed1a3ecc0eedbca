///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector: api_version 1 against the local InfluxDB 1 server (127.0.0.1:8086, no authentication), in a
 * database of each test's own that it creates and drops; api_version 3 offline, answered from recordings-v3/, written
 * by hand after InfluxDB 3's documented answers of /api/v3/query_sql (format=json). Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static final String SERVER = "http://127.0.0.1:8086";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String database = "connector_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    /** Made first: the kit sets up the log. Batches of 2 points, fewer than the points of the first timestamp. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
            .configuration(Path.of("configuration.json")).configure("base_url", SERVER).configure("database", database)
            .configure("batch_size", "2");

    @BeforeEach
    void createSource() throws Exception {
        query("CREATE DATABASE " + database);
        write("""
                census,location=klamath,scientist=anderson bees=23,ants=30i 1566000000000000000
                census,location=portland,scientist=mullen bees=28.5,ants=12i 1566000000000000000
                census,location=coyote_creek,scientist=mullen ants=7i 1566000000000000000
                census,location=klamath,scientist=anderson bees=25 1566000360000000000
                census,location=portland,scientist=mullen bees=31.25,ants=15i 1566000720000000001
                """);
    }

    @AfterEach
    void dropSource() throws Exception {
        sync.close();
        query("DROP DATABASE " + database);
    }

    private static void query(String influxql) throws Exception {
        send(HttpRequest.newBuilder(URI.create(SERVER + "/query?q=" + URLEncoder.encode(influxql, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private void write(String lineProtocol) throws Exception {
        send(HttpRequest.newBuilder(URI.create(SERVER + "/write?precision=ns&db=" + database))
                .POST(HttpRequest.BodyPublishers.ofString(lineProtocol)).build());
    }

    private static void send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300 && !response.body().contains("\"error\""), () -> request.uri() + ": " + response.body());
    }

    private static OffsetDateTime utc(String time) {
        return OffsetDateTime.parse(time);
    }

    @Test
    void version1PointsArriveWithTheirTypesAndKeyThenOnlyTheNewOnes() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(5L, first.counts().upserts(), "3 points at the first time (more than a batch), then 2");
        assertEquals(3L, first.counts().checkpoints(), "the first timestamp whole, then a batch cut before its last timestamp, then the rest");
        assertEquals(List.of(Map.of("column_name", "time", "data_type", "TIMESTAMP WITH TIME ZONE"), Map.of("column_name", "location", "data_type", "VARCHAR"),
                        Map.of("column_name", "scientist", "data_type", "VARCHAR"), Map.of("column_name", "ants", "data_type", "BIGINT"),
                        Map.of("column_name", "bees", "data_type", "DOUBLE")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = 'census_table' "
                        + "AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"));
        assertEquals(List.of("time", "location"), sync.rows("SELECT unnest(constraint_column_names) AS c FROM duckdb_constraints() "
                + "WHERE schema_name = 'tester' AND table_name = 'census_table' AND constraint_type = 'PRIMARY KEY'").stream().map(row -> row.get("c")).toList());
        List<Map<String, Object>> rows = sync.rows("SELECT time, location, ants, bees FROM census_table ORDER BY time, location");
        assertEquals(5, rows.size());
        assertEquals(utc("2019-08-17T00:00:00Z").toInstant(), ((OffsetDateTime) rows.get(0).get("time")).toInstant());
        assertEquals(List.of("coyote_creek", "klamath", "portland", "klamath", "portland"), rows.stream().map(row -> row.get("location")).toList());
        assertEquals(java.util.Arrays.asList(7L, 30L, 12L, null, 15L), rows.stream().map(row -> row.get("ants")).toList());
        assertEquals(java.util.Arrays.asList(null, 23.0, 28.5, 25.0, 31.25), rows.stream().map(row -> row.get("bees")).toList(),
                "bees is a float field: 23 arrives as 23.0");
        assertEquals(Map.of(connector.CURSOR, "2019-08-17T00:12:00.000000001Z"), first.state(), "to the nanosecond");

        write("""
                census,location=klamath,scientist=anderson ants=33i 1566001080000000000
                census,location=portland,scientist=mullen ants=16i 1566001080000000000
                census,location=klamath,scientist=anderson ants=99i 1565999000000000000
                """); // the last one is older than the cursor: a late point, not read (see README)
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L, second.counts().upserts(), "the two points of 00:18, nothing else");
        assertEquals(List.of(33L, 16L), sync.rows("SELECT ants FROM census_table WHERE time = '2019-08-17T00:18:00Z' ORDER BY location")
                .stream().map(row -> row.get("ants")).toList());
        assertEquals(Map.of(connector.CURSOR, "2019-08-17T00:18:00Z"), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts(), "nothing new");
        assertEquals(second.state(), third.state());
    }

    @Test
    void version1AMissingDatabaseFailsTheSync() {
        sync.configure("database", database + "_missing");
        SyncResult result = sync.run();
        assertFalse(result.succeeded(), "the sync should fail");
        assertTrue(result.failure().contains("database not found: " + database + "_missing"), result.failure());
    }

    @Test
    void version3PointsComeFromTheSqlApiAsJsonRows() {
        try (TestSync v3 = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("api_version", "3").configure("base_url", "https://influxdb3.example.com")
                .configure("token", "apiv3_test-token").configure("batch_size", "2").replay(Path.of("recordings-v3"))) {
            SyncResult first = v3.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(5L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints());
            assertEquals(List.of(Map.of("column_name", "time", "data_type", "TIMESTAMP WITH TIME ZONE"), Map.of("column_name", "location", "data_type", "VARCHAR"),
                            Map.of("column_name", "ants", "data_type", "BIGINT"), Map.of("column_name", "bees", "data_type", "DOUBLE"),
                            Map.of("column_name", "scientist", "data_type", "VARCHAR")),
                    v3.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = 'census_table' "
                            + "AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY ordinal_position"));
            List<Map<String, Object>> rows = v3.rows("SELECT time, location, ants, bees FROM census_table ORDER BY time, location");
            assertEquals(List.of("coyote_creek", "klamath", "portland", "klamath", "portland"), rows.stream().map(row -> row.get("location")).toList());
            assertEquals(java.util.Arrays.asList(7L, 30L, 12L, null, 15L), rows.stream().map(row -> row.get("ants")).toList(),
                    "a field the point lacks is left out of its JSON row, and arrives as NULL");
            assertEquals(Instant.parse("2019-08-17T00:06:00Z"), ((OffsetDateTime) rows.get(3).get("time")).toInstant(),
                    "the SQL API writes UTC times without an offset");
            assertEquals(Map.of(connector.CURSOR, "2019-08-17T00:12:00.000000001Z"), first.state());

            SyncResult second = v3.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, second.counts().upserts(), "the point of 00:18, recorded after the first sync's last");
            assertEquals(33L, v3.value("SELECT ants FROM census_table WHERE time = '2019-08-17T00:18:00Z'"));
            assertEquals(Map.of(connector.CURSOR, "2019-08-17T00:18:00Z"), second.state());

            SyncResult third = v3.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
