///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Tests of the connector, offline, on recordings written by hand after Microsoft's documentation of the identity
 * platform's client-credentials token request and of Graph's managedDevices list (@odata.nextLink paging, throttling,
 * error bodies), replayed in order as one WireMock scenario per folder: recordings/ (two syncs: paging, a 429, an
 * expired token renewed), recordings-expired-secret/ (the token request refused), recordings-no-permission/ (a 403).
 * Not the live API. Run: jbang connectorTest.java
 */
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("tenant_id", "72f988bf-0000-4000-8000-00000000abcd")
                .configure("client_id", "4a5b6c7d-0000-4000-8000-00000000dcba")
                .configure("client_secret", "test~secret.value")
                .replay(Path.of(recording));
    }

    private static String id(int n) {
        return "7c1f5a2e-0000-4000-8000-00000000000" + n;
    }

    @Test
    void everyPageIsSyncedAndTheNextSyncAppliesChangesAndRemovalsAfterRenewingAnExpiredToken() throws Exception {
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN GET https://graph.microsoft.com/v1.0/deviceManagement/managedDevices?")
                    && line.contains(": 429; retrying in ")), sync.log()::toString);
            assertEquals(5L, first.counts().upserts());
            assertEquals(0L, first.counts().deletes());
            assertEquals(4L, first.counts().checkpoints(), "one per page of 3, and the last with the ids");
            assertEquals(Map.of("device_ids", List.of(id(1), id(2), id(3), id(4), id(5))), first.state());

            Map<String, Object> alex = sync.rows("SELECT * FROM managed_devices WHERE id = '" + id(2) + "'").get(0);
            assertEquals("iPhone-Alex", alex.get("device_name"));
            assertEquals("alex@contoso.com", alex.get("user_principal_name"));
            assertEquals("noncompliant", alex.get("compliance_state"));
            assertEquals(OffsetDateTime.of(2024, 3, 1, 8, 2, 0, 0, ZoneOffset.UTC), alex.get("last_sync_date_time"));
            assertEquals(true, alex.get("is_encrypted"));
            assertEquals(127989493760L, alex.get("total_storage_space_in_bytes"));
            assertEquals(JSON.readTree("[{\"actionName\":\"syncDevice\",\"actionState\":\"done\",\"startDateTime\":\"2024-03-01T08:00:00Z\","
                    + "\"lastUpdatedDateTime\":\"2024-03-01T08:02:00Z\"}]"), alex.get("device_action_results"));
            assertEquals("Apple", alex.get("manufacturer"), "a field the schema does not declare, inferred");
            assertEquals(List.of(Map.of("column_name", "id", "data_type", "VARCHAR"),
                            Map.of("column_name", "device_name", "data_type", "VARCHAR"),
                            Map.of("column_name", "user_principal_name", "data_type", "VARCHAR"),
                            Map.of("column_name", "operating_system", "data_type", "VARCHAR"),
                            Map.of("column_name", "os_version", "data_type", "VARCHAR"),
                            Map.of("column_name", "compliance_state", "data_type", "VARCHAR"),
                            Map.of("column_name", "enrolled_date_time", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "last_sync_date_time", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "is_encrypted", "data_type", "BOOLEAN"),
                            Map.of("column_name", "total_storage_space_in_bytes", "data_type", "BIGINT"),
                            Map.of("column_name", "free_storage_space_in_bytes", "data_type", "BIGINT"),
                            Map.of("column_name", "device_action_results", "data_type", "JSON")),
                    sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'managed_devices'"
                            + " AND column_index <= 12 ORDER BY column_index"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().contains("INFO the access token was refused: requesting a new one"), sync.log()::toString);
            assertEquals(5L, second.counts().upserts(), "the whole list again: there is no delta query for managed devices");
            assertEquals(1L, second.counts().deletes(), "device 3, no longer listed");
            assertEquals(Map.of("device_ids", List.of(id(1), id(2), id(4), id(5), id(6))), second.state());
            assertEquals(List.of(Map.of("compliance_state", "compliant", "os_version", "17.3.1")),
                    sync.rows("SELECT compliance_state, os_version FROM managed_devices WHERE id = '" + id(4) + "'"));
            assertEquals(List.of(Map.of("id", id(3))), sync.rows("SELECT id FROM managed_devices WHERE _fivetran_deleted"));
            assertEquals(5L, sync.value("SELECT count(*) FROM managed_devices WHERE NOT _fivetran_deleted"));
        }
    }

    @Test
    void anExpiredClientSecretFailsTheSyncWithMicrosoftsReason() {
        try (TestSync sync = sync("recordings-expired-secret")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the token endpoint refused the client_credentials grant (401): check configuration 'tenant_id', 'client_id' and 'client_secret'")
                    && result.failure().contains("AADSTS7000222"), result.failure());
            assertFalse(result.failure().contains("test~secret.value"));
        }
    }

    @Test
    void anAppWithoutTheIntunePermissionIsToldWhichOneItNeeds() {
        try (TestSync sync = sync("recordings-no-permission")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Microsoft Graph refused to list managed devices (403): the app of configuration 'client_id'"
                    + " needs the application permission DeviceManagementManagedDevices.Read.All"), result.failure());
        }
    }

    @Test
    void aTenantThatIsNotANameIsRefused() {
        try (TestSync sync = sync("recordings").configure("tenant_id", "common/../x")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'tenant_id' is not a tenant id or domain name"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
