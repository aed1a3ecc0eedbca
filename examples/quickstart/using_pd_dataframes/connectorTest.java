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
 * Tests of the connector, offline, on recordings written by hand after the Random User Generator's documentation
 * (version 1.4: {@code results}, {@code page} and {@code seed}, the user object and {@code info.seed}), replayed in
 * order (one WireMock scenario per folder), with 3 users per page and 2 pages per sync: recordings/ holds two syncs
 * (pages 1 and 2, the first answered 503 once and retried; then pages 3 and 4 of the kept seed); recordings-resume/ a
 * sync that goes on after one stopped between two tables; recordings-error/ the API's error object. Run: jbang connectorTest.java
 */
class connectorTest {
    static final String SEED = "5f1e0c9b2a7d4e83";

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Map.of("results_per_page", "3", "pages_per_sync", "2", "base_url", "https://randomuser.me"))
                .replay(Path.of(recording));
    }

    private static Map<String, Object> state(int profile, int location, int login, int summary) {
        return Map.of("seed", SEED, "page_size", 3, "profile_cursor", profile, "location_cursor", location, "login_cursor", login,
                "country_summary_cursor", summary);
    }

    @Test
    void aFirstSyncReadsTwoPagesAndKeepsTheSeedTheSecondReadsOnlyTheNextTwo() {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(state(6, 6, 6, 6), first.state());
            assertEquals(1L, sync.log().stream().filter(line -> line.startsWith("WARN GET https://randomuser.me/api/1.4/") && line.contains("503; retrying")).count(),
                    sync.log()::toString);
            assertEquals(6L, sync.value("SELECT count(*) FROM profile"));
            assertEquals(6L, sync.value("SELECT count(*) FROM location"));
            assertEquals(6L, sync.value("SELECT count(*) FROM login"));

            Map<String, Object> brad = sync.rows("SELECT * FROM profile WHERE id = 1").get(0);
            assertEquals("Mr Brad Gibson", brad.get("full_name"));
            assertEquals("male", brad.get("gender"));
            assertEquals("brad.gibson@example.com", brad.get("email"));
            assertEquals(30, brad.get("age"));
            assertEquals(OffsetDateTime.parse("1992-03-08T15:13:16.688Z"), brad.get("date_of_birth"));
            assertEquals(OffsetDateTime.parse("2007-07-09T05:51:59.390Z"), brad.get("registered"));
            assertEquals("(489) 330-2385", brad.get("mobile"));
            assertEquals("US", brad.get("nationality"));
            assertEquals("https://randomuser.me/api/portraits/men/60.jpg", brad.get("picture"));

            assertEquals(Map.of("profile_id", 1L, "street", "8929 Valwood Pkwy", "city", "Billings", "postcode", "63104",
                            "latitude", -69.8246, "longitude", 134.8719, "timezone_offset", "+9:30"),
                    sync.rows("SELECT profile_id, street, city, postcode, latitude, longitude, timezone_offset FROM location WHERE profile_id = 1").get(0));
            assertEquals("W1 4QJ", sync.value("SELECT postcode FROM location WHERE profile_id = 3"), "a text postcode beside numeric ones");
            assertEquals("81642", sync.value("SELECT postcode FROM location WHERE profile_id = 2"), "a numeric postcode as text");
            Map<String, Object> noCoordinates = sync.rows("SELECT latitude, longitude FROM location WHERE profile_id = 5").get(0);
            assertNull(noCoordinates.get("latitude"), "NaN in the frame, null in the destination");
            assertNull(noCoordinates.get("longitude"));
            assertEquals(Map.of("uuid", "7a0eed16-9430-4d68-901f-c0d4c1c3b001", "username", "yellowpeacock117"),
                    sync.rows("SELECT uuid, username FROM login WHERE profile_id = 1").get(0));
            assertEquals(0L, sync.value("SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'tester' AND (column_name LIKE '%password%'"
                    + " OR column_name LIKE '%salt%' OR column_name LIKE '%sha%' OR column_name LIKE '%md5%')"), "no password, salt or hash is synced");

            assertEquals(List.of(
                            Map.of("page", 1, "country", "United Kingdom", "profiles", 1, "mean_age", 37.0, "min_age", 37, "max_age", 37),
                            Map.of("page", 1, "country", "United States", "profiles", 2, "mean_age", 37.0, "min_age", 30, "max_age", 44),
                            Map.of("page", 2, "country", "Germany", "profiles", 2, "mean_age", 42.5, "min_age", 32, "max_age", 53),
                            Map.of("page", 2, "country", "United States", "profiles", 1, "mean_age", 22.0, "min_age", 22, "max_age", 22)),
                    sync.rows("SELECT page, country, profiles, mean_age, min_age, max_age FROM country_summary ORDER BY page, country"));

            assertEquals(List.of(
                            Map.of("column_name", "id", "data_type", "BIGINT"),
                            Map.of("column_name", "full_name", "data_type", "VARCHAR"),
                            Map.of("column_name", "gender", "data_type", "VARCHAR"),
                            Map.of("column_name", "email", "data_type", "VARCHAR"),
                            Map.of("column_name", "date_of_birth", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "age", "data_type", "INTEGER"),
                            Map.of("column_name", "registered", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "phone", "data_type", "VARCHAR"),
                            Map.of("column_name", "mobile", "data_type", "VARCHAR"),
                            Map.of("column_name", "nationality", "data_type", "VARCHAR"),
                            Map.of("column_name", "picture", "data_type", "VARCHAR")),
                    columns(sync, "profile"));
            assertEquals(List.of(
                            Map.of("column_name", "profile_id", "data_type", "BIGINT"),
                            Map.of("column_name", "street", "data_type", "VARCHAR"),
                            Map.of("column_name", "city", "data_type", "VARCHAR"),
                            Map.of("column_name", "state", "data_type", "VARCHAR"),
                            Map.of("column_name", "country", "data_type", "VARCHAR"),
                            Map.of("column_name", "postcode", "data_type", "VARCHAR"),
                            Map.of("column_name", "latitude", "data_type", "DOUBLE"),
                            Map.of("column_name", "longitude", "data_type", "DOUBLE"),
                            Map.of("column_name", "timezone_offset", "data_type", "VARCHAR")),
                    columns(sync, "location"));
            assertEquals(List.of(
                            Map.of("column_name", "page", "data_type", "INTEGER"),
                            Map.of("column_name", "country", "data_type", "VARCHAR"),
                            Map.of("column_name", "profiles", "data_type", "INTEGER"),
                            Map.of("column_name", "mean_age", "data_type", "DOUBLE"),
                            Map.of("column_name", "min_age", "data_type", "INTEGER"),
                            Map.of("column_name", "max_age", "data_type", "INTEGER")),
                    columns(sync, "country_summary"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(state(12, 12, 12, 12), second.state());
            assertEquals(6L * 3 + 4, second.counts().upserts(), "6 new users in 3 tables, and 2 countries on each of the 2 pages");
            assertEquals(12L, sync.value("SELECT count(*) FROM profile"));
            assertEquals(List.of(7L, 8L, 9L, 10L, 11L, 12L), sync.rows("SELECT id FROM profile WHERE _fivetran_synced > "
                    + "(SELECT max(_fivetran_synced) FROM profile WHERE id <= 6) ORDER BY id").stream().map(row -> row.get("id")).toList(),
                    "only the users of pages 3 and 4 arrived");
            assertEquals("Mr Sem de Vries", sync.value("SELECT full_name FROM profile WHERE id = 8"));
            assertEquals(List.of(
                            Map.of("page", 3, "country", "Netherlands", "profiles", 2),
                            Map.of("page", 3, "country", "United Kingdom", "profiles", 1),
                            Map.of("page", 4, "country", "France", "profiles", 2),
                            Map.of("page", 4, "country", "United States", "profiles", 1)),
                    sync.rows("SELECT page, country, profiles FROM country_summary WHERE page > 2 ORDER BY page, country"));
        }
    }

    @Test
    void aSyncThatStoppedBetweenTwoTablesGoesOnEachTableFromItsOwnCursor() {
        try (TestSync sync = sync("recordings-resume").state(state(6, 3, 3, 3))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(state(9, 9, 9, 9), result.state());
            assertEquals(List.of(7L, 8L, 9L), sync.rows("SELECT id FROM profile ORDER BY id").stream().map(row -> row.get("id")).toList(),
                    "page 2's profiles were written before: not again");
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), sync.rows("SELECT profile_id FROM location ORDER BY profile_id").stream()
                    .map(row -> row.get("profile_id")).toList());
            assertEquals(6L, sync.value("SELECT count(*) FROM login"));
            assertEquals(4L, sync.value("SELECT count(*) FROM country_summary"), "pages 2 and 3, 2 countries each");
        }
    }

    @Test
    void theApisErrorObjectFailsTheSyncWithItsMessage() {
        try (TestSync sync = sync("recordings-error")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the Random User API answered page 1 with an error: Uh oh, something has gone wrong."),
                    result.failure());
            assertEquals(0L, sync.value("SELECT count(*) FROM profile"));
        }
    }

    @Test
    void aPageSizeOutOfTheApisRangeIsRefusedNamingTheKey() {
        try (TestSync sync = sync("recordings-error").configure("results_per_page", "6000")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'results_per_page' must be between 1 and 5000"), result.failure());
            assertFalse(result.failure().contains("6000"), "the value is not shown");
        }
    }

    private static List<Map<String, Object>> columns(TestSync sync, String table) {
        return sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = '" + table + "'"
                + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_index");
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
