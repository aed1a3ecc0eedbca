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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after the documented answers of Zippopotam.us
 * ({@code /us/{zip}}) and of the National Weather Service API ({@code /points/{lat},{lon}}, then the grid point's
 * forecast), replayed in order (one WireMock scenario per folder): recordings/ holds two syncs of two ZIP codes, with
 * one 500 of NWS retried; recordings-unknown-zip/ a ZIP code that Zippopotam.us answers 404. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync(String recording, String zipCodes) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Map.of("zip_codes", zipCodes, "user_agent", "connector-sdk-java test (contact: test@example.com)"))
                .replay(Path.of(recording));
    }

    private static OffsetDateTime utc(String text) {
        return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Test
    void twoZipCodesSyncTheirForecastsAndTheNextSyncWritesOnlyTheUpdatedForecast() {
        try (TestSync sync = sync("recordings", "94612, 80204")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(8L, first.counts().upserts(), "2 ZIP codes and 3 periods each");
            assertEquals(Map.of("forecast_updated", Map.of("94612", "2024-03-01T20:41:09+00:00", "80204", "2024-03-01T21:02:44+00:00")),
                    first.state());
            assertEquals(1L, sync.log().stream().filter(line -> line.startsWith("WARN GET https://api.weather.gov/gridpoints/MTR/99,104/forecast: 500; retrying")).count(),
                    sync.log()::toString);

            Map<String, Object> oakland = sync.rows("SELECT * FROM zip_code WHERE zip_code = '94612'").get(0);
            assertEquals("Oakland", oakland.get("place_name"));
            assertEquals("CA", oakland.get("state_abbreviation"));
            assertEquals(37.8113, oakland.get("latitude"));
            assertEquals(-122.2708, oakland.get("longitude"));
            assertEquals("MTR", oakland.get("forecast_office"));
            assertEquals(99, oakland.get("grid_x"));
            assertEquals("https://api.weather.gov/gridpoints/MTR/99,104/forecast", oakland.get("forecast_url"));

            Map<String, Object> tonight = sync.rows("SELECT * FROM forecast WHERE zip_code = '94612' AND number = 2").get(0);
            assertEquals(utc("2024-03-01T18:00:00-08:00"), tonight.get("start_time"), "stored in UTC");
            assertEquals(utc("2024-03-02T06:00:00-08:00"), tonight.get("end_time"));
            assertEquals("Tonight", tonight.get("name"));
            assertEquals(false, tonight.get("is_daytime"));
            assertEquals(48, tonight.get("temperature"));
            assertEquals("rising", tonight.get("temperature_trend"));
            assertEquals(60, tonight.get("probability_of_precipitation"));
            assertEquals("5 to 10 mph", tonight.get("wind_speed"));
            assertEquals(utc("2024-03-01T20:41:09Z"), tonight.get("forecast_updated"));
            Map<String, Object> denverToday = sync.rows("SELECT * FROM forecast WHERE zip_code = '80204' AND number = 1").get(0);
            assertNull(denverToday.get("probability_of_precipitation"), "NWS's null value");
            assertNull(denverToday.get("temperature_trend"));
            assertNull(sync.value("SELECT temperature_trend FROM forecast WHERE zip_code = '94612' AND number = 3"), "an empty trend is null");

            assertEquals(List.of(
                            Map.of("column_name", "start_time", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "zip_code", "data_type", "VARCHAR"),
                            Map.of("column_name", "end_time", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "number", "data_type", "INTEGER"),
                            Map.of("column_name", "name", "data_type", "VARCHAR"),
                            Map.of("column_name", "is_daytime", "data_type", "BOOLEAN"),
                            Map.of("column_name", "temperature", "data_type", "INTEGER"),
                            Map.of("column_name", "temperature_unit", "data_type", "VARCHAR"),
                            Map.of("column_name", "temperature_trend", "data_type", "VARCHAR"),
                            Map.of("column_name", "probability_of_precipitation", "data_type", "INTEGER"),
                            Map.of("column_name", "wind_speed", "data_type", "VARCHAR"),
                            Map.of("column_name", "wind_direction", "data_type", "VARCHAR"),
                            Map.of("column_name", "short_forecast", "data_type", "VARCHAR"),
                            Map.of("column_name", "detailed_forecast", "data_type", "VARCHAR"),
                            Map.of("column_name", "icon", "data_type", "VARCHAR"),
                            Map.of("column_name", "forecast_updated", "data_type", "TIMESTAMP WITH TIME ZONE")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'forecast'"
                            + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_index"));
            assertEquals("DOUBLE", sync.value("SELECT data_type FROM duckdb_columns() WHERE table_name = 'zip_code' AND column_name = 'latitude'"));
            assertEquals("INTEGER", sync.value("SELECT data_type FROM duckdb_columns() WHERE table_name = 'zip_code' AND column_name = 'grid_x'"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(4L, second.counts().upserts(), "94612's ZIP code row and its 3 periods; 80204's forecast was not updated");
            assertTrue(sync.log().contains("INFO ZIP code 80204: forecast not updated since 2024-03-01T21:02:44+00:00, nothing to write"),
                    sync.log()::toString);
            assertEquals(Map.of("forecast_updated", Map.of("94612", "2024-03-02T07:12:30+00:00", "80204", "2024-03-01T21:02:44+00:00")),
                    second.state());
            assertEquals(5L, sync.value("SELECT count(*) FROM forecast WHERE zip_code = '94612'"), "3 periods, then 2 new ones");
            Map<String, Object> saturday = sync.rows("SELECT * FROM forecast WHERE zip_code = '94612' AND start_time = TIMESTAMPTZ '2024-03-02 14:00:00+00'").get(0);
            assertEquals(55, saturday.get("temperature"), "the revised forecast replaces the first one");
            assertEquals(100, saturday.get("probability_of_precipitation"));
            assertEquals(utc("2024-03-02T07:12:30Z"), saturday.get("forecast_updated"));
            assertEquals(2L, sync.value("SELECT count(*) FROM forecast WHERE zip_code = '94612' AND forecast_updated < TIMESTAMPTZ '2024-03-02 00:00:00+00'"),
                    "the periods that have passed keep their last forecast");
            assertEquals(3L, sync.value("SELECT count(*) FROM forecast WHERE zip_code = '80204'"));
        }
    }

    @Test
    void aZipCodeThatZippopotamDoesNotKnowFailsTheSyncNamingItAfterTheZipCodesBeforeIt() {
        try (TestSync sync = sync("recordings-unknown-zip", "94612,00000")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'zip_codes': ZIP code 00000 is not known to Zippopotam.us (404)"), result.failure());
            assertEquals(3L, sync.value("SELECT count(*) FROM forecast"), "94612 was checkpointed before");
            assertEquals(Map.of("forecast_updated", Map.of("94612", "2024-03-01T20:41:09+00:00")), result.state());
        }
    }

    @Test
    void aMalformedZipCodeIsRefusedBeforeAnyRequest() {
        try (TestSync sync = sync("recordings", "94612,9461")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'zip_codes': item 2 is not a 5-digit US ZIP code"), result.failure());
            assertFalse(result.failure().contains("9461,"), "the value is not shown");
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
