///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after the National Weather Service's current
 * observations XML feed (forecast.weather.gov/xml/current_obs/STATION.xml): recordings/ holds two syncs of three
 * stations (a 503 retried; in the second, one observation unchanged), recordings-unknown-station/ a 404.
 * Every stub requires the configured User-Agent. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("station_codes", "koak, KJFK,KLAX").configure("user_agent", "fivetran-connector-test (ops@example.com)")
                .replay(Path.of(recording));
    }

    private static String type(TestSync sync, String table, String column) {
        return (String) sync.value("SELECT data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = '"
                + table + "' AND column_name = '" + column + "'");
    }

    @Test
    void eachStationsNewObservationIsSyncedOnceWithTypedValues() {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("observed_at", Map.of("KOAK", "2024-03-10T16:53:00Z", "KJFK", "2024-03-10T16:51:00Z",
                    "KLAX", "2024-03-10T16:53:00Z")), first.state(), "one cursor per station, in UTC");
            assertEquals(6L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints(), "one per station");
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("503")), sync.log()::toString);
            assertTrue(sync.log().contains("WARN KLAX: visibility_mi is not a number (NA): stored as null"), sync.log()::toString);

            Map<String, Object> oak = sync.rows("SELECT * FROM weather_observations WHERE station_id = 'KOAK'").get(0);
            assertEquals(OffsetDateTime.parse("2024-03-10T16:53:00Z"), oak.get("observed_at"));
            assertEquals("Sun, 10 Mar 2024 09:53:00 -0700", oak.get("observation_time_rfc_822"));
            assertEquals(55.0, oak.get("temp_f"));
            assertEquals(12.8, oak.get("temp_c"));
            assertEquals(77, oak.get("relative_humidity"));
            assertEquals(270, oak.get("wind_degrees"));
            assertEquals(30.11, oak.get("pressure_in"));
            assertEquals("Partly Cloudy", oak.get("weather"));
            assertEquals("West at 9.2 MPH (8 KT)", oak.get("wind_string"));
            assertNull(sync.value("SELECT visibility_mi FROM weather_observations WHERE station_id = 'KLAX'"));
            assertEquals(List.of(Map.of("station_id", "KJFK", "location", "New York/John F. Kennedy Intl Airport, NY", "latitude", 40.66,
                            "longitude", -73.78)),
                    sync.rows("SELECT station_id, location, latitude, longitude FROM weather_stations WHERE station_id = 'KJFK'"));
            assertEquals("TIMESTAMP WITH TIME ZONE", type(sync, "weather_observations", "observed_at"));
            assertEquals("DOUBLE", type(sync, "weather_observations", "temp_c"));
            assertEquals("INTEGER", type(sync, "weather_observations", "relative_humidity"));
            assertEquals("VARCHAR", type(sync, "weather_observations", "weather"));
            assertEquals("DOUBLE", type(sync, "weather_stations", "latitude"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(4L, second.counts().upserts(), "KOAK and KLAX have a new observation, KJFK the same one");
            assertTrue(sync.log().contains("INFO KJFK: no observation after 2024-03-10T16:51:00Z"), sync.log()::toString);
            assertEquals(Map.of("observed_at", Map.of("KOAK", "2024-03-10T17:53:00Z", "KJFK", "2024-03-10T16:51:00Z",
                    "KLAX", "2024-03-10T17:53:00Z")), second.state());
            assertEquals(5L, sync.value("SELECT count(*) FROM weather_observations"));
            assertEquals(3L, sync.value("SELECT count(*) FROM weather_stations"));
            assertEquals(6.0, sync.value("SELECT visibility_mi FROM weather_observations WHERE station_id = 'KLAX' ORDER BY observed_at DESC"));
        }
    }

    @Test
    void anUnknownStationFailsTheSyncAfterTheStationsBeforeIt() {
        try (TestSync sync = sync("recordings-unknown-station").configure("station_codes", "KOAK,KXYZ")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("GET https://forecast.weather.gov/xml/current_obs/KXYZ.xml failed: 404: <!DOCTYPE html>"),
                    result.failure());
            assertEquals(Map.of("observed_at", Map.of("KOAK", "2024-03-10T16:53:00Z")), result.state(), "KOAK was committed");
        }
    }

    @Test
    void aStationCodeThatIsNotOneIsNamed() {
        try (TestSync sync = sync("recordings").configure("station_codes", "KOAK,../x")) {
            assertTrue(sync.run().failure().endsWith("configuration 'station_codes': '../X' is not a station code (3 to 5 letters or digits)"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
