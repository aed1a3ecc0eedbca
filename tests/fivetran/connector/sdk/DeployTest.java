package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.deploy.FivetranApi;
import fivetran.connector.sdk.deploy.FivetranApiException;
import fivetran.connector.sdk.http.RetryPolicy;
import fivetran.connector.sdk.testing.FakeFivetranApi;
import fivetran.connector.sdk.testing.Project;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/**
 * {@code deploy}, end to end through JBang against a local stand-in for the Fivetran REST API: parameters, the calls
 * and their bodies, confirmations, failures, and that neither the API key nor a configuration value is ever printed;
 * and the API client's retries, called directly.
 */
@Tag("e2e")
class DeployTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = Base64.getEncoder().encodeToString("k3yId1234567:s3cretPart-never-shown".getBytes(StandardCharsets.UTF_8));
    private static final String MASKED_KEY = API_KEY.substring(0, 8) + "********";
    private static final String SECRET_VALUE = "hunter2-configuration-secret";
    private static final String[] TARGET = {"--destination", "Warehouse", "--connection", "my_connector"};

    /** A project with the scripted connector and a configuration holding a secret. */
    private static Project project(String name) {
        return Project.scripted(name).write("configuration.json", "{\"script\": \"unused\", \"password\": \"" + SECRET_VALUE + "\"}");
    }

    /** Runs deploy through JBang against {@code api}, and checks that the output shows no secret. */
    private static Project.Result deploy(Project project, FakeFivetranApi api, Map<String, String> environment, String input, String... args) {
        List<String> command = new ArrayList<>(List.of(Project.root().resolve("jbang").toString(), "connector.java", "deploy"));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(environment);
        env.put("FIVETRAN_API_BASE_URL", api.baseUrl());
        Project.Result result = project.run(command, env, input);
        assertFalse(result.all().contains(API_KEY), "the API key is printed unmasked:\n" + result);
        assertFalse(result.all().contains(SECRET_VALUE), "a configuration value is printed:\n" + result);
        return result;
    }

    private static String[] withKey(String... args) {
        return append(new String[] {"--api-key", API_KEY}, args);
    }

    /** The runtime a new connection gets: the oldest supported one that runs what this JDK compiles. */
    private static String defaultRuntime() {
        return String.valueOf(List.of(17, 21, 25).stream().filter(v -> v >= Runtime.version().feature()).findFirst().orElseThrow());
    }

    @Test
    void aNewConnectionIsCreatedThroughTheReferenceCallsWithRetriesThatHonourRetryAfter() throws IOException {
        try (FakeFivetranApi api = FakeFivetranApi.start(API_KEY)
                .groups(new String[] {"g1", "Staging"}, new String[] {"g2", "Sandbox"}, new String[] {"g3", "Lake"},
                        new String[] {"g4", "Archive"}, new String[] {"g5", "Warehouse"})
                .groupsPerPage(2)
                .failNext("GET", "/v1/groups", 503, -1)
                .failNext("GET", "/v1/groups/g5/connectors", 429, 2)) {
            Project project = project("deploy-create");
            Project.Result result = deploy(project, api, Map.of("FIVETRAN_API_KEY", API_KEY), null, TARGET);

            assertEquals(0, result.exit(), result::toString);
            assertTrue(result.err().contains("reading api key from FIVETRAN_API_KEY environment variable"), result::toString);
            assertTrue(result.err().contains("jbang connector.java deploy --destination Warehouse --connection my_connector --api-key "
                    + MASKED_KEY), result::toString);
            assertTrue(result.err().contains("using custom production url: " + api.baseUrl()), result::toString);
            assertTrue(result.err().contains("java version not specified; connection will use the default java version (" + defaultRuntime() + ")"), result::toString);
            assertTrue(result.out().contains("connection created\nconnection id: conn_new\nruntime java version: " + defaultRuntime() + "\n"
                    + "naming strategy: FIVETRAN_NAMING\nvisit the Fivetran dashboard to start the initial sync:\n"
                    + "https://fivetran.com/dashboard/connections/conn_new/status\n"), result::toString);
            assertEquals(List.of("GET /v1/groups", "GET /v1/groups", "GET /v1/groups", "GET /v1/groups", "GET /v1/groups/g5/connectors",
                    "GET /v1/groups/g5/connectors", "POST /v1/connector-sdk/packages", "POST /v1/connectors"), api.calls());
            List<String> groupQueries = api.requests("GET", "/v1/groups").stream().map(FakeFivetranApi.Request::query).toList();
            assertEquals(List.of("limit=500", "limit=500", "limit=500&cursor=2", "limit=500&cursor=4"), groupQueries);
            List<FakeFivetranApi.Request> lookups = api.requests("GET", "/v1/groups/g5/connectors");
            assertEquals("schema=my_connector", lookups.get(1).query());
            assertTrue(Duration.ofNanos(lookups.get(1).nanoTime() - lookups.get(0).nanoTime()).toMillis() >= 2000, "Retry-After: 2 is honoured");
            for (FakeFivetranApi.Request request : api.requests()) {
                assertEquals("Basic " + API_KEY, request.header("Authorization"), request::toString);
                assertTrue(request.header("User-Agent").startsWith("connector-sdk-java/" + Connector.SDK_VERSION + "/"), request::toString);
            }

            FakeFivetranApi.Part upload = api.requests("POST", "/v1/connector-sdk/packages").get(0).parts().get("file");
            assertEquals(project.dir().getFileName() + ".zip", upload.filename());
            Map<String, byte[]> zip = unzip(upload.content());
            assertTrue(zip.containsKey("manifest.json") && zip.containsKey("lib/connector-sdk.jar"), zip.keySet()::toString);
            assertEquals(Files.readString(project.file("connector.java")), new String(zip.get("src/connector.java"), StandardCharsets.UTF_8));
            assertFalse(zip.containsKey("src/configuration.json"), zip.keySet()::toString);
            assertFalse(Files.exists(project.file("files")), "the uploaded package, and the files/ folder made for it, are deleted");

            JsonNode creation = api.requests("POST", "/v1/connectors").get(0).json();
            assertEquals(JSON.readTree("""
                    {"group_id": "g5", "service": "connector_sdk",
                     "config": {"schema": "my_connector",
                                "secrets_list": [{"key": "script", "value": "unused"}, {"key": "password", "value": "%s"}],
                                "package_id": "pkg_1", "java_version": "%s"},
                     "paused": true, "run_setup_tests": true, "sync_frequency": "360",
                     "destination_schema_names": "FIVETRAN_NAMING", "hybrid_deployment_agent_id": null}
                    """.formatted(SECRET_VALUE, defaultRuntime())), creation);
            project.delete();
        }
    }

    @Test
    void anExistingConnectorSdkConnectionIsUpdatedOnlyAfterConfirmation() throws IOException {
        try (FakeFivetranApi api = FakeFivetranApi.start(API_KEY).groups(new String[] {"g1", "Warehouse"})
                .connection("my_connector", "conn_1", "connector_sdk")) {
            Project project = project("deploy-update");
            Project.Result declined = deploy(project, api, Map.of(), null, withKey(append(TARGET, "--non-interactive")));
            assertEquals(1, declined.exit(), declined::toString);
            assertTrue(declined.err().contains("update cancelled"), declined::toString);
            assertEquals(List.of("GET /v1/groups", "GET /v1/groups/g1/connectors"), api.calls(), "nothing is uploaded or changed");

            Project.Result confirmed = deploy(project, api, Map.of("FIVETRAN_HD_AGENT_ID", "agent_7"), "y\n",
                    withKey(append(TARGET, "--java-version", "21", "--naming", "source")));
            assertEquals(0, confirmed.exit(), confirmed::toString);
            assertTrue(confirmed.out().contains("its code will be overwritten and its configuration fully replaced by the one given. "
                    + "continue with update? (y/N): "), confirmed::toString);
            assertTrue(confirmed.err().contains("--naming is ignored when updating a connection"), confirmed::toString);
            assertTrue(confirmed.err().contains("updating connection my_connector in group g1"), confirmed::toString);
            assertTrue(confirmed.out().contains("connection updated\nconnection id: conn_1\nruntime java version: 21\n"), confirmed::toString);
            assertTrue(confirmed.out().contains("visit the Fivetran dashboard to manage the connection:\n"
                    + "https://fivetran.com/dashboard/connections/conn_1/status\n"), confirmed::toString);
            assertEquals(JSON.readTree("""
                    {"config": {"schema": "my_connector",
                                "secrets_list": [{"key": "script", "value": "unused"}, {"key": "password", "value": "%s"}],
                                "java_version": "21", "package_id": "pkg_1", "proxy_host_config_key": null},
                     "run_setup_tests": true, "proxy_agent_id": null, "hybrid_deployment_agent_id": "agent_7",
                     "networking_method": "Directly"}
                    """.formatted(SECRET_VALUE)), api.requests("PATCH", "/v1/connectors/conn_1").get(0).json());
            project.delete();
        }
    }

    @Test
    void aConnectionOfAnotherServiceIsNeverTouched() {
        try (FakeFivetranApi api = FakeFivetranApi.start(API_KEY).groups(new String[] {"g1", "Warehouse"})
                .connection("my_connector", "conn_pg", "postgres")) {
            Project project = project("deploy-other-service");
            Project.Result result = deploy(project, api, Map.of(), null, withKey(append(TARGET, "--yes")));
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.err().contains("cannot update connection 'my_connector'; not a Connector SDK connection"), result::toString);
            assertEquals(List.of("GET /v1/groups", "GET /v1/groups/g1/connectors"), api.calls());
            project.delete();
        }
    }

    @Test
    void failingSetupTestsAreListedAndTheConnectionKept() {
        try (FakeFivetranApi api = FakeFivetranApi.start(API_KEY).groups(new String[] {"g1", "Warehouse"})
                .setupTests(List.of(Map.of("title", "Connecting to the source", "status", "FAILED", "message", "host unreachable"),
                        Map.of("title", "Reading the schema", "status", "PASSED", "message", "")))) {
            Project project = project("deploy-setup-tests");
            Project.Result result = deploy(project, api, Map.of(), null, withKey(TARGET));
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.err().contains("connection created but setup tests failed"), result::toString);
            assertTrue(result.err().matches("(?s).*failed setup tests:\n.*test: Connecting to the source\n.*status: FAILED\n"
                    + ".*message: host unreachable\n.*connection id: conn_new\n.*"), result::toString);
            assertFalse(result.err().contains("Reading the schema"), result::toString);
            assertTrue(api.requests("DELETE", "/v1/connector-sdk/packages/pkg_1").isEmpty(), "the package stays with the connection");
            project.delete();
        }
    }

    @Test
    void whenCreateFailsTheOrphanedPackageIsDeletedAndTheCreateIsNotRepeated() {
        try (FakeFivetranApi api = FakeFivetranApi.start(API_KEY).groups(new String[] {"g1", "Warehouse"}).createStatus(500)) {
            Project project = project("deploy-create-fails");
            Project.Result result = deploy(project, api, Map.of(), null, withKey(TARGET));
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.err().contains("failed to create connection error: the connection could not be created"), result::toString);
            assertTrue(result.err().contains("cleaning up orphaned package: pkg_1") && result.err().contains("cleaned up orphaned package"),
                    result::toString);
            assertEquals(List.of("GET /v1/groups", "GET /v1/groups/g1/connectors", "POST /v1/connector-sdk/packages", "POST /v1/connectors",
                    "DELETE /v1/connector-sdk/packages/pkg_1"), api.calls());
            project.delete();
        }
    }

    @Test
    void aRejectedApiKeyStopsAtTheFirstCallWithTheApisMessageAndTheBaseUrlCanComeFromTheSdkConfigFile() throws IOException {
        try (FakeFivetranApi api = FakeFivetranApi.start(API_KEY).groups(new String[] {"g1", "Warehouse"})) {
            Project project = project("deploy-401");
            Project home = Project.empty("home").write(".fivetran/connector_sdk/_config.json", "{\"production_base_url\": \"" + api.baseUrl() + "\"}");
            String otherKey = Base64.getEncoder().encodeToString("someone:else-entirely".getBytes(StandardCharsets.UTF_8));
            List<String> command = new ArrayList<>(List.of(Project.root().resolve("jbang").toString(), "-R-Duser.home=" + home.dir(),
                    "connector.java", "deploy", "--api-key", otherKey));
            command.addAll(List.of(TARGET));
            Project.Result result = project.run(command, Map.of(), null);
            assertEquals(1, result.exit(), result::toString);
            assertFalse(result.all().contains(otherKey), result::toString);
            assertTrue(result.err().contains("using custom production url: " + api.baseUrl()), result::toString);
            assertTrue(result.err().contains("request failed error: 401: Missing or invalid authorization header"), result::toString);
            assertTrue(result.err().contains("ensure you're using a valid base64-encoded API key"), result::toString);
            assertEquals(List.of("GET /v1/groups"), api.calls());
            project.delete();
            home.delete();
        }
    }

    @Test
    void aRedirectIsNotFollowedSoTheApiKeyGoesNowhereElse() {
        try (FakeFivetranApi api = FakeFivetranApi.start(API_KEY).groups(new String[] {"g1", "Warehouse"});
             FakeFivetranApi elsewhere = FakeFivetranApi.start(API_KEY)) {
            api.redirectNext("GET", "/v1/groups", elsewhere.baseUrl() + "/v1/groups");
            Project project = project("deploy-redirect");
            Project.Result result = deploy(project, api, Map.of(), null, withKey(TARGET));
            assertEquals(1, result.exit(), result::toString);
            assertTrue(result.err().contains("302: moved to " + elsewhere.baseUrl()), result::toString);
            assertEquals(List.of(), elsewhere.calls());
            project.delete();
        }
    }

    @Test
    void theApiClientRepeatsAGetPatchOrDeleteAfterA5xxButNeverAPost() {
        try (FakeFivetranApi fake = FakeFivetranApi.start(API_KEY).groups(new String[] {"g1", "Warehouse"})
                .failNext("GET", "/v1/groups", 503, 0)
                .failNext("PATCH", "/v1/connectors/conn_1", 502, 0)
                .failNext("DELETE", "/v1/connector-sdk/packages/pkg_1", 500, 0)
                .failNext("POST", "/v1/connectors", 503, 0)
                .failNext("POST", "/v1/connector-sdk/packages", 429, 0)) {
            FivetranApi api = new FivetranApi(URI.create(fake.baseUrl()), API_KEY, NOPLogger.NOP_LOGGER);
            assertEquals("Warehouse", api.get("/v1/groups").path("data").path("items").path(0).path("name").asText());
            api.patch("/v1/connectors/conn_1", JSON.createObjectNode(), FivetranApi.SHORT_CALL);
            api.delete("/v1/connector-sdk/packages/pkg_1");
            FivetranApiException created = assertThrows(FivetranApiException.class,
                    () -> api.post("/v1/connectors", JSON.createObjectNode(), FivetranApi.SHORT_CALL));
            assertEquals(503, created.status());
            Path zip = Files.writeString(Files.createTempFile("package", ".zip"), "zip");
            assertEquals("pkg_1", api.upload("/v1/connector-sdk/packages", "file", zip).path("data").path("id").asText(), "a 429 was not carried out");
            Files.delete(zip);
            assertEquals(List.of("GET /v1/groups", "GET /v1/groups", "PATCH /v1/connectors/conn_1", "PATCH /v1/connectors/conn_1",
                    "DELETE /v1/connector-sdk/packages/pkg_1", "DELETE /v1/connector-sdk/packages/pkg_1", "POST /v1/connectors",
                    "POST /v1/connector-sdk/packages", "POST /v1/connector-sdk/packages"), fake.calls());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theApiClientStopsAfterFiveAttempts() {
        try (FakeFivetranApi fake = FakeFivetranApi.start(API_KEY).groups(new String[] {"g1", "Warehouse"})) {
            for (int i = 0; i < 6; i++) {
                fake.failNext("GET", "/v1/groups", 503, 0);
            }
            FivetranApi api = new FivetranApi(URI.create(fake.baseUrl()), API_KEY, NOPLogger.NOP_LOGGER);
            FivetranApiException failed = assertThrows(FivetranApiException.class, () -> api.get("/v1/groups"));
            assertEquals(503, failed.status());
            assertEquals("scheduled failure 503", failed.getMessage());
            assertEquals(5, fake.calls().size());
        }
    }

    @Test
    void theApiClientWaitsOneTwoFourThenEightSecondsOrWhatRetryAfterAsksUpToTwoMinutes() {
        RetryPolicy policy = FivetranApi.RETRIES;
        HttpHeaders none = HttpHeaders.of(Map.of(), (name, value) -> true);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
                List.of(policy.delay(1, none), policy.delay(2, none), policy.delay(3, none), policy.delay(4, none)));
        assertEquals(Duration.ofSeconds(30), policy.delay(1, HttpHeaders.of(Map.of("Retry-After", List.of("30")), (name, value) -> true)));
        assertEquals(Duration.ofMinutes(2), policy.delay(1, HttpHeaders.of(Map.of("Retry-After", List.of("3600")), (name, value) -> true)));
        assertTrue(policy.retries("GET", 503, none, 4));
        assertFalse(policy.retries("GET", 503, none, 5), "5 attempts");
        assertFalse(policy.retriesIoError("GET", 1), "an I/O error may come after the API did the call");
        HttpHeaders exhausted = HttpHeaders.of(Map.of("X-RateLimit-Remaining", List.of("0"), "X-RateLimit-Reset", List.of("1")), (name, value) -> true);
        assertFalse(policy.retries("GET", 403, exhausted, 1), "GitHub's headers mean nothing here");
    }

    @Test
    void theApiKeyIsLoggedAsItsFirst8CharactersOnlyWhenTheyAreAtMostAFifthOfIt() {
        String fivetranShaped = encode("k3yIdAbCdEfGhIjK:" + "s".repeat(32));
        String forty = encode("k3yIdAbCdE:" + "s".repeat(19));
        String thirtySix = encode("k3yIdAbCdE:" + "s".repeat(16));
        String sixteen = encode("key:secret");
        assertEquals(List.of(68, 40, 36, 16), List.of(fivetranShaped.length(), forty.length(), thirtySix.length(), sixteen.length()));
        Map<String, String> loggedAs = new LinkedHashMap<>();
        loggedAs.put(fivetranShaped, fivetranShaped.substring(0, 8) + "********");
        loggedAs.put(forty, forty.substring(0, 8) + "********");
        loggedAs.put(thirtySix, "********");
        loggedAs.put(sixteen, "********");
        try (FakeFivetranApi api = FakeFivetranApi.start(API_KEY)) {
            Project project = project("deploy-masked-key");
            for (Map.Entry<String, String> key : loggedAs.entrySet()) {
                Project.Result result = deploy(project, api, Map.of(), null, "--api-key", key.getKey(), "--connection", "my_connector");
                assertEquals(1, result.exit(), result::toString);
                assertTrue(result.err().contains("jbang connector.java deploy --connection my_connector --api-key " + key.getValue() + "\n"),
                        result::toString);
                String neverShown = key.getKey().substring(0, key.getValue().equals("********") ? 8 : 9);
                assertFalse(result.all().contains(neverShown), () -> "more of the key than its masked form is printed:\n" + result);
            }
            assertEquals(List.of(), api.calls());
            project.delete();
        }
    }

    private static String encode(String keyAndSecret) {
        return Base64.getEncoder().encodeToString(keyAndSecret.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void missingOrInvalidParametersFailBeforeAnyNetworkCall() {
        try (FakeFivetranApi api = FakeFivetranApi.start(API_KEY).groups(new String[] {"g1", "Warehouse"})) {
            Project project = project("deploy-invalid");
            Project.Result missing = deploy(project, api, Map.of("FIVETRAN_NAMING", "camel"), null,
                    "--connection", "My-Connector", "--java-version", "11", "--yes", "--non-interactive");
            assertEquals(1, missing.exit(), missing::toString);
            for (String expected : List.of(
                    "--api-key is required; provide it via the --api-key flag or the FIVETRAN_API_KEY environment variable.",
                    "--destination is required; provide it via the --destination flag or the FIVETRAN_DESTINATION_NAME environment variable.",
                    "invalid connection name: 'My-Connector'",
                    "connection names must use only [a-z0-9_] and begin with '_' or a lowercase letter",
                    "Invalid naming strategy: 'camel'. Must be 'FIVETRAN' or 'SOURCE' (case-insensitive).",
                    "unsupported java version: '11'; supported versions: 17, 21, 25",
                    "choose one of --yes and --non-interactive")) {
                assertTrue(missing.err().contains(expected), () -> "expected «" + expected + "» in\n" + missing);
            }

            project.write("configuration.json", "{\"password\": \"" + SECRET_VALUE + "\", \"port\": 5432}");
            Project.Result badConfiguration = deploy(project, api, Map.of(), null, withKey(TARGET));
            assertEquals(1, badConfiguration.exit(), badConfiguration::toString);
            assertTrue(badConfiguration.err().contains("all values must be strings, but the value of 'port' is number"), badConfiguration::toString);
            assertEquals(List.of(), api.calls(), "no call reaches the API");

            Files.delete(project.file("configuration.json"));
            Project.Result noConfiguration = deploy(project, api, Map.of(), null, withKey(TARGET));
            assertEquals(1, noConfiguration.exit(), noConfiguration::toString);
            assertTrue(noConfiguration.err().contains("configuration is required; provide it via the --configuration flag"), noConfiguration::toString);
            assertEquals(List.of("GET /v1/groups", "GET /v1/groups/g1/connectors"), api.calls(), "a new connection needs a configuration");
            project.delete();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String[] append(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
