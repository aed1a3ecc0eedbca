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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector: Azure AD and Key Vault from recordings written by hand after Microsoft's documentation (the
 * v2.0 token endpoint's client-credentials grant, Key Vault's Get Secret 7.4), whose secrets point at the local
 * PostgreSQL server (127.0.0.1:5432, user postgres, database test); each test loads source.sql into a schema of its
 * own, which it drops after. recordings/ (a 429 retried, an expired token renewed; two syncs), recordings-full/,
 * recordings-secret-missing/, recordings-token-refused/ (a 503 retried, then a 401). Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    private final String schema = "connector_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String source = SERVER + "?currentSchema=" + schema;

    @BeforeEach
    void createSource() throws Exception {
        execute(SERVER, "CREATE SCHEMA " + schema);
        execute(source, Files.readString(Path.of("source.sql")));
    }

    @AfterEach
    void dropSource() throws Exception {
        execute(SERVER, "DROP SCHEMA " + schema + " CASCADE");
    }

    private static void execute(String url, String sql) throws Exception {
        try (var connection = DriverManager.getConnection(url, "postgres", ""); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("tenant_id", "3f2504e0-4f89-41d3-9a0c-0305e82c3301").configure("client_id", "11111111-2222-4333-8444-555555555555")
                .configure("client_secret", "Zq8~fake.client-secret_value").configure("vault_url", "https://fivetran-test.vault.azure.net")
                .configure("jdbc_options", "currentSchema=" + schema)
                .replay(Path.of(recording));
    }

    @Test
    void theCredentialsComeFromTheVaultAndTheNextSyncReadsOnlyTheChangedRows() throws Exception {
        try (TestSync sync = sync("recordings").configure("replication_key", "updated_at,id")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(Map.of("employee_table", Map.of("updated_at", "2024-01-02T08:30", "id", 3)), first.state());
            assertTrue(sync.log().stream().anyMatch(line -> line.contains("429; retrying")), sync.log()::toString);
            assertTrue(sync.log().contains("INFO the access token was refused: requesting a new one"), sync.log()::toString);
            assertTrue(sync.log().contains("INFO read 5 secrets from Azure Key Vault"), sync.log()::toString);
            assertTrue(sync.log().stream().noneMatch(line -> line.contains("trust-auth-ignores-it")), "no secret value is logged");

            Map<String, Object> types = new LinkedHashMap<>();
            sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'employees'"
                    + " AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\'").forEach(row -> types.put((String) row.get("column_name"), row.get("data_type")));
            assertEquals(Map.of("id", "INTEGER", "name", "VARCHAR", "department_id", "INTEGER", "employee_metadata", "JSON", "updated_at", "TIMESTAMP"), types);
            Map<String, Object> ada = sync.rows("SELECT * FROM employees WHERE id = 1").get(0);
            assertEquals("Ada Lovelace", ada.get("name"));
            assertEquals(10, ada.get("department_id"));
            assertEquals(JSON.readTree("{\"title\": \"Engineer\", \"skills\": [\"math\", \"analytics\"]}"), ada.get("employee_metadata"));
            assertEquals(LocalDateTime.of(2024, 1, 1, 9, 0), ada.get("updated_at"));

            execute(source, """
                    UPDATE employee_table SET department_id = 30, updated_at = '2024-02-01 09:00' WHERE id = 2;
                    INSERT INTO employee_table VALUES (4, 'Katherine Johnson', 30, '{"title": "Mathematician"}', '2024-02-01 10:00');
                    """);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts(), "Grace's change and Katherine, nothing else");
            assertEquals(Map.of("employee_table", Map.of("updated_at", "2024-02-01T10:00", "id", 4)), second.state());
            assertEquals(List.of(Map.of("id", 1, "department_id", 10), Map.of("id", 2, "department_id", 30), Map.of("id", 3, "department_id", 10),
                    Map.of("id", 4, "department_id", 30)), sync.rows("SELECT id, department_id FROM employees ORDER BY id"));
        }
    }

    @Test
    void withoutAReplicationKeyEachSyncReadsTheTableAndDeletesWhatIsGone() throws Exception {
        try (TestSync sync = sync("recordings-full")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            execute(source, "DELETE FROM employee_table WHERE id = 3; UPDATE employee_table SET name = 'Ada King' WHERE id = 1");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(List.of(Map.of("id", 1, "name", "Ada King", "_fivetran_deleted", false), Map.of("id", 2, "name", "Grace Hopper", "_fivetran_deleted", false),
                    Map.of("id", 3, "name", "Alan Turing", "_fivetran_deleted", true)), sync.rows("SELECT id, name, _fivetran_deleted FROM employees ORDER BY id"));
            assertEquals(Map.of(), second.state());
        }
    }

    @Test
    void aMissingSecretIsNamed() {
        try (TestSync sync = sync("recordings-secret-missing")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Azure Key Vault: the vault has no secret postgresPort") && result.failure().contains("SecretNotFound"),
                    result.failure());
        }
    }

    @Test
    void aRefusedClientSecretIsNamed() {
        try (TestSync sync = sync("recordings-token-refused")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the token endpoint refused the client_credentials grant (401): check configuration 'tenant_id',"
                    + " 'client_id' and 'client_secret'") && result.failure().contains("AADSTS7000215"), result.failure());
            assertTrue(result.failure().contains("POST https://login.microsoftonline.com/3f2504e0-4f89-41d3-9a0c-0305e82c3301/oauth2/v2.0/token failed: 401"),
                    result.failure());
            // the token endpoint's 503 before the refusal was retried
            assertTrue(sync.log().stream().anyMatch(line -> line.contains("503; retrying")), sync.log()::toString);
            assertFalse(result.failure().contains("Zq8~fake.client-secret_value"), "the secret itself is never shown");
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
