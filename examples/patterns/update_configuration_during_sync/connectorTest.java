///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand: the session-token API after upstream's
 * api-playground (POST login, GET data in pages), and the Fivetran REST API's PATCH /v1/connections/{id} after
 * Fivetran's REST API documentation; replayed in order (one WireMock scenario per folder): recordings/ (two syncs: two
 * logins, each token saved by a PATCH, a 503 retried; then a sync with the saved token and no login),
 * recordings-fivetran-refused/ (the PATCH answered 401), recordings-login-refused/ (the login answered 401).
 * Run: jbang connectorTest.java
 */
class connectorTest {
    static final Map<String, String> CONFIGURATION = Map.of(
            "base_url", "https://api.example.com/auth/session_token",
            "username", "pat.tester",
            "password", "test-password-1",
            "fivetran_api_key", "dGVzdC1rZXk6dGVzdC1zZWNyZXQ=",
            "fivetran_connection_id", "brave_lithograph",
            "per_page", "2");

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema)).configuration(CONFIGURATION).replay(Path.of(recording));
    }

    private static void assertNoSecretIn(List<String> log) {
        for (String secret : List.of("test-password-1", "dGVzdC1rZXk6dGVzdC1zZWNyZXQ=", "session-token-1", "session-token-2")) {
            assertTrue(log.stream().noneMatch(line -> line.contains(secret)), () -> "a secret in the log: " + log);
        }
    }

    @Test
    void eachNewSessionTokenIsSavedInTheConfigurationAndTheNextSyncUsesItWithoutALogin() {
        try (TestSync sync = sync("recordings")) {
            Instant before = Instant.now();
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(5L, first.counts().upserts(), "3 pages of 2, 2 and 1");
            assertEquals(3L, first.counts().checkpoints(), "one per page");
            assertEquals(2L, sync.log().stream().filter("INFO logged in: a new session token"::equals).count(), sync.log()::toString);
            assertEquals(2L, sync.log().stream().filter("INFO the new session token is saved in the configuration of connection brave_lithograph"::equals).count());
            assertTrue(sync.log().contains("INFO the session expired: logging in again"), sync.log()::toString);
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN GET https://api.example.com/auth/session_token/data?") && line.contains(": 503; retrying")));
            assertNoSecretIn(sync.log());
            assertEquals("2024-01-09T15:20:00Z", first.state().get("last_updated_at"));
            Instant refreshed = Instant.parse((String) first.state().get("last_token_refresh_time"));
            assertFalse(refreshed.isBefore(before) || refreshed.isAfter(Instant.now()), "the time of the second login");

            Map<String, Object> grace = sync.rows("SELECT * FROM \"user\" WHERE name = 'Grace Hopper'").get(0);
            assertEquals("6f1c2a4e-0b7d-4c1e-9a3f-000000000003", grace.get("id"));
            assertEquals(OffsetDateTime.of(2024, 1, 3, 11, 0, 0, 0, ZoneOffset.UTC), grace.get("created_at"));
            assertEquals(OffsetDateTime.of(2024, 1, 7, 12, 0, 0, 0, ZoneOffset.UTC), grace.get("updated_at"));
            assertEquals("grace.hopper@example.com", grace.get("email"));
            assertEquals(List.of(
                            Map.of("column_name", "address", "data_type", "VARCHAR"),
                            Map.of("column_name", "company", "data_type", "VARCHAR"),
                            Map.of("column_name", "created_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "email", "data_type", "VARCHAR"),
                            Map.of("column_name", "id", "data_type", "VARCHAR"),
                            Map.of("column_name", "job", "data_type", "VARCHAR"),
                            Map.of("column_name", "name", "data_type", "VARCHAR"),
                            Map.of("column_name", "updated_at", "data_type", "TIMESTAMP WITH TIME ZONE")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'user'"
                            + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));

            // Fivetran starts the next sync with the configuration as the PATCH left it: the token of the second login
            sync.configure("token", "session-token-2");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO the session token of the configuration is less than 3600 s old: using it"), sync.log()::toString);
            assertTrue(sync.log().stream().noneMatch(line -> line.contains("logged in")), "no login");
            assertEquals(2L, second.counts().upserts(), "Alan Turing, updated, and Donald Knuth, new");
            assertEquals("2024-01-10T09:30:00Z", second.state().get("last_updated_at"));
            assertEquals(refreshed.toString(), second.state().get("last_token_refresh_time"), "no login, no new time");
            assertEquals(6L, sync.value("SELECT count(*) FROM \"user\""));
            assertEquals("Chief Engineer", sync.value("SELECT job FROM \"user\" WHERE name = 'Alan Turing'"));
            assertNoSecretIn(sync.log());
        }
    }

    @Test
    void anOldTokenIsNotReused() {
        try (TestSync sync = sync("recordings-login-refused").configure("token", "session-token-0")
                .state(Map.of("last_token_refresh_time", Instant.now().minus(Duration.ofHours(2)).toString()))) {
            SyncResult result = sync.run();
            assertTrue(sync.log().contains("INFO no session token younger than 3600 s in the configuration: logging in"), sync.log()::toString);
            assertFalse(result.succeeded());
        }
    }

    @Test
    void theSecretsListHoldsEveryConfigurationEntryWithTheNewToken() {
        Configuration configuration = Configuration.of(Map.of("username", "pat", "password", "pw", "token", "old"));
        assertEquals(List.of(Map.of("key", "password", "value", "pw"), Map.of("key", "token", "value", "new"), Map.of("key", "username", "value", "pat")),
                connector.secretsList(configuration, "new"));
    }

    @Test
    void aRefusedFivetranApiKeyFailsTheSyncNamingTheKey() {
        try (TestSync sync = sync("recordings-fivetran-refused")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("cannot save the new session token in the connection's configuration:"
                    + " the Fivetran REST API refused configuration 'fivetran_api_key': PATCH https://api.fivetran.com/v1/connections/brave_lithograph failed: 401:"
                    + " {\"code\":\"AuthFailed\""), result.failure());
            assertNoSecretIn(sync.log());
            assertFalse(result.failure().contains("dGVzdC1rZXk6"), result.failure());
            assertEquals(0L, sync.value("SELECT count(*) FROM \"user\""));
        }
    }

    @Test
    void aRefusedLoginFailsTheSyncNamingTheCredentialKeys() {
        try (TestSync sync = sync("recordings-login-refused")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the login refused the credentials of configuration 'username' and 'password':"
                    + " POST https://api.example.com/auth/session_token/login failed: 401: {\"detail\":\"Invalid credentials\"}"), result.failure());
            assertNoSecretIn(sync.log());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
