package fivetran.connector.sdk.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.testing.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code destination.json}: what it becomes, secrets from the environment, and each mistake named before the sync. */
class DestinationFileTest {
    @TempDir
    Path dir;

    private DestinationFile read(String json, Map<String, String> environment) throws Exception {
        Path file = dir.resolve("destination.json");
        Files.writeString(file, json);
        return new DestinationFile(file, environment);
    }

    private String refusal(String json) {
        return assertThrows(IllegalArgumentException.class, () -> read(json, Map.of())).getMessage();
    }

    @Test
    void aRestCatalogOnS3WithSecretsFromTheEnvironment() throws Exception {
        DestinationFile file = read("""
                {"catalog": {"type": "rest", "uri": "https://catalog.example/api", "warehouse": "lake", "credential": {"env": "CATALOG_CREDENTIAL"},
                             "scope": "PRINCIPAL_ROLE:ALL", "properties": {"header.X-Iceberg-Access-Delegation": "vended-credentials"}},
                 "namespace": "sales",
                 "storage": {"type": "s3", "endpoint": "http://127.0.0.1:9000", "region": "eu-west-1", "path_style_access": true,
                             "access_key_id": {"env": "KEY"}, "secret_access_key": {"env": "SECRET"}}}""",
                Map.of("CATALOG_CREDENTIAL", "id:s3cr3t", "KEY", "AKIA", "SECRET", "shh"));
        assertEquals("rest", file.type());
        assertEquals("sales", file.namespace().toString());
        assertTrue(file.s3Compatible());
        Map<String, String> p = file.properties();
        assertEquals("https://catalog.example/api", p.get("uri"));
        assertEquals("lake", p.get("warehouse"));
        assertEquals("id:s3cr3t", p.get("credential"));
        assertEquals("PRINCIPAL_ROLE:ALL", p.get("scope"));
        assertEquals("oauth2", p.get("rest.auth.type"));
        assertEquals("https://catalog.example/api/v1/oauth/tokens", p.get("oauth2-server-uri"));
        assertEquals("vended-credentials", p.get("header.X-Iceberg-Access-Delegation"));
        assertEquals("org.apache.iceberg.aws.s3.S3FileIO", p.get("io-impl"));
        assertEquals("http://127.0.0.1:9000", p.get("s3.endpoint"));
        assertEquals("true", p.get("s3.path-style-access"));
        assertEquals("AKIA", p.get("s3.access-key-id"));
        assertEquals("shh", p.get("s3.secret-access-key"));
        assertEquals("eu-west-1", p.get("client.region"));
    }

    @Test
    void aJdbcCatalogAndTheDefaultNamespace() throws Exception {
        DestinationFile file = read("""
                {"catalog": {"type": "jdbc", "uri": "jdbc:postgresql://127.0.0.1/lake", "warehouse": "file:///data/lake",
                             "user": "lake", "password": {"env": "PGPASSWORD"}}}""", Map.of("PGPASSWORD", "pw"));
        assertEquals("tester", file.namespace().toString());
        assertEquals("pw", file.properties().get("jdbc.password"));
        assertEquals("V1", file.properties().get("jdbc.schema-version"));
        assertFalse(file.s3Compatible());
    }

    @Test
    void mistakesAreNamedAndSecretsAreNot() {
        assertEquals(dir.resolve("destination.json") + ": catalog.token is read from the environment variable NO_SUCH_TOKEN, which is not set",
                refusal("{\"catalog\": {\"type\": \"rest\", \"uri\": \"http://x\", \"token\": {\"env\": \"NO_SUCH_TOKEN\"}}}"));
        assertTrue(refusal("{\"catalog\": {\"type\": \"rest\", \"uri\": \"http://x\", \"tokn\": \"abc\"}}")
                .contains(": unknown field catalog.tokn; allowed: catalog.credential, "), "a misspelt field");
        assertTrue(refusal("{\"catalog\": {\"type\": \"glue\"}}").endsWith("catalog.type is \"glue\"; it must be \"rest\" or \"jdbc\""));
        assertTrue(refusal("{\"catalog\": {\"type\": \"rest\"}}").endsWith(": catalog.uri is missing"));
        assertTrue(refusal("{\"catalog\": {\"type\": \"rest\", \"uri\": \"http://x\", \"token\": \"t\", \"credential\": \"a:b\"}}")
                .endsWith("give catalog.token or catalog.credential, not both"));
        String noColon = refusal("{\"catalog\": {\"type\": \"rest\", \"uri\": \"http://x\", \"credential\": \"only-a-secret-value\"}}");
        assertTrue(noColon.endsWith("catalog.credential must be CLIENT_ID:CLIENT_SECRET (OAuth2 client credentials)"), noColon);
        assertFalse(noColon.contains("only-a-secret-value"));
        assertTrue(refusal("{\"catalog\": {\"type\": \"jdbc\", \"uri\": \"jdbc:sqlite:x\", \"warehouse\": \"file:/x\"}, "
                + "\"storage\": {\"type\": \"s3\", \"access_key_id\": \"k\"}}").contains("give storage.access_key_id and storage.secret_access_key together"));
        String broken = refusal("{\"catalog\": {\"type\": \"rest\", \"uri\": \"http://x\", \"token\": \"half-a-secret");
        assertFalse(broken.contains("half-a-secret"), broken);
        assertTrue(broken.contains("is not a readable JSON file"), broken);
    }

    @Test
    void runRefusesABadDestinationFileBeforeTheSyncWithExit1() {
        Project project = Project.empty("destination-bad").script("[{\"op\": \"upsert\", \"table\": \"t\", \"data\": {\"id\": 1}}]")
                .write("destination.json", "{\"catalog\": {\"type\": \"rest\", \"uri\": \"http://127.0.0.1:9\", \"secret\": \"s3cr3t-value\"}}");
        try {
            Project.Result result = project.command("run");
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.out().contains("SYNC FAILED") && result.out().contains("destination.json: unknown field catalog.secret"), result::toString);
            assertFalse(result.all().contains("s3cr3t-value"), result::toString);
            assertFalse(Files.exists(project.dir().resolve("files/iceberg/catalog.db")), "nothing synced anywhere");
            Project.Result missing = project.command("run", "--destination", "elsewhere.json");
            assertEquals(1, missing.exit(), missing::toString);
            assertTrue(missing.all().contains("destination file " + project.dir().resolve("elsewhere.json") + " does not exist"), missing::toString);
        } finally {
            project.delete();
        }
    }
}
