package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fivetran.connector.sdk.testing.FakeFivetranApi;
import fivetran.connector.sdk.testing.Project;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * examples/workflows/github: the GitHub Actions workflow that deploys hello/ on a push to main. Its YAML's structure is
 * checked, then its {@code run:} steps run here as the runner runs them ({@code bash -eo pipefail}, in the step's
 * working directory, with the step's {@code env:} and the secrets and variables as the environment gives them), in a
 * repository laid out as the workflow expects, against the fake Fivetran API.
 */
@Tag("e2e")
class GithubDeployWorkflowTest {
    private static final Path FOLDER = Project.root().resolve("examples/workflows/github");
    private static final Path WORKFLOW = FOLDER.resolve(".github/workflows/deploy_hello_connector.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = Base64.getEncoder().encodeToString("k3yId7654321:wf-s3cret-never-shown".getBytes(StandardCharsets.UTF_8));
    /** What the Fivetran environment of the repository holds. */
    private static final Map<String, String> SECRETS = Map.of("FIVETRAN_API_KEY", API_KEY, "HELLO_CLIENT_ID", "client-7f3a-secret-id",
            "HELLO_CLIENT_SECRET", "cl1ent \"secret\" with $(quotes) & spaces");
    private static final Map<String, String> VARIABLES = Map.of("FIVETRAN_DEV_DESTINATION", "Warehouse", "HELLO_DEV", "hello_dev");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(secrets|vars)\\.([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    @Test
    void theWorkflowDeploysHelloOnAPushToMainWithItsSecretsOnlyInTheEnvironment() throws IOException {
        JsonNode workflow = YAML.readTree(WORKFLOW.toFile());
        assertEquals(List.of("main"), texts(workflow.path("on").path("push").path("branches")));
        assertEquals(List.of("hello/**"), texts(workflow.path("on").path("push").path("paths")));
        assertEquals(List.of("deploy-fivetran-connector"), List.copyOf(fieldNames(workflow.path("jobs"))));
        JsonNode job = workflow.path("jobs").path("deploy-fivetran-connector");
        assertEquals("ubuntu-latest", job.path("runs-on").asText());
        assertEquals("Fivetran", job.path("environment").asText());
        List<String> steps = new ArrayList<>();
        job.path("steps").forEach(step -> steps.add(step.path("name").asText() + (step.has("uses") ? " uses " + step.get("uses").asText() : "")));
        assertEquals(List.of("Checkout repository uses actions/checkout@v4", "Set up Java uses actions/setup-java@v4", "Test connector",
                "Create configuration file", "Deploy connector", "Remove configuration file"), steps);
        assertEquals("17", job.path("steps").get(1).path("with").path("java-version").asText());

        Map<String, String> used = new LinkedHashMap<>();
        for (JsonNode step : job.path("steps")) {
            if (step.has("run")) {
                assertFalse(step.get("run").asText().contains("${{"), "an expression in a run: script is a script injection: " + step);
                assertEquals("hello", step.path("working-directory").asText(), step::toString);
            }
            Matcher expression = EXPRESSION.matcher(YAML.writeValueAsString(step));
            while (expression.find()) {
                used.put(expression.group(2), expression.group(1));
            }
        }
        assertEquals(Map.of("FIVETRAN_API_KEY", "secrets", "HELLO_CLIENT_ID", "secrets", "HELLO_CLIENT_SECRET", "secrets",
                "FIVETRAN_DEV_DESTINATION", "vars", "HELLO_DEV", "vars"), used);
        String deploy = job.path("steps").get(4).path("run").asText();
        assertTrue(deploy.contains("../jbang connector.java deploy --destination \"$FIVETRAN_DESTINATION\" --connection \"$FIVETRAN_CONNECTION\""), deploy);
        assertFalse(deploy.contains("--api-key"), "the key is read from FIVETRAN_API_KEY, never put on a command line");
        String readme = Files.readString(FOLDER.resolve("README.md"));
        for (String name : used.keySet()) {
            assertTrue(readme.contains("`" + name + "`"), "README.md names " + name);
        }
    }

    @Test
    void itsRunStepsTestPackageAndDeployHelloThroughTheFivetranApiAndPrintNoSecret() throws IOException {
        JsonNode job = YAML.readTree(WORKFLOW.toFile()).path("jobs").path("deploy-fivetran-connector");
        Project repository = repositoryWithHello();
        try (FakeFivetranApi api = FakeFivetranApi.start(API_KEY).groups(new String[] {"g1", "Staging"}, new String[] {"g2", "Warehouse"})) {
            String log = runSteps(job, repository, api);
            assertEquals(List.of("GET /v1/groups", "GET /v1/groups/g2/connectors", "POST /v1/connector-sdk/packages", "POST /v1/connectors"),
                    api.calls(), log);
            assertEquals("schema=hello_dev", api.requests("GET", "/v1/groups/g2/connectors").get(0).query());
            JsonNode creation = api.requests("POST", "/v1/connectors").get(0).json();
            assertEquals("g2", creation.path("group_id").asText());
            assertEquals("hello_dev", creation.path("config").path("schema").asText());
            assertEquals("17", creation.path("config").path("java_version").asText());
            assertEquals(JSON.readTree("""
                    [{"key": "clientId", "value": "client-7f3a-secret-id"},
                     {"key": "clientSecret", "value": "cl1ent \\"secret\\" with $(quotes) & spaces"},
                     {"key": "initialSyncStart", "value": "2024-01-01T00:00:00.000Z"}]"""), creation.path("config").path("secrets_list"));
            Map<String, byte[]> zip = unzip(api.requests("POST", "/v1/connector-sdk/packages").get(0).parts().get("file").content());
            assertEquals(Files.readString(repository.file("hello/connector.java")), new String(zip.get("src/connector.java"), StandardCharsets.UTF_8));
            assertFalse(zip.keySet().stream().anyMatch(name -> name.endsWith("configuration.json")), zip.keySet()::toString);
            assertTrue(log.contains("tests successful") && log.contains("connection created\nconnection id: conn_new"), log);
            assertTrue(log.contains("deployed connection hello_dev"), log);
            assertFalse(Files.exists(repository.file("hello/configuration.json")), "the configuration file is removed after the deploy");

            // The next push: the connection exists, and --yes updates it without a terminal to confirm on
            api.connection("hello_dev", "conn_1", "connector_sdk");
            String again = runSteps(job, repository, api);
            assertTrue(api.calls().contains("PATCH /v1/connectors/conn_1"), again);
            assertTrue(again.contains("connection updated"), again);
            assertFalse(Files.exists(repository.file("hello/configuration.json")));
        }
        repository.delete();
    }

    /**
     * A repository as the workflow expects: the SDK at its root (links to this checkout's jbang, jbang.properties,
     * connector-sdk.java and lib/), and hello/ a copy of examples/quickstart/hello whose //DEPS name the SDK at ../.
     */
    private static Project repositoryWithHello() throws IOException {
        Project repository = Project.empty("workflow-repository");
        for (String name : List.of("jbang", "jbang.properties", "connector-sdk.java", "lib")) {
            Files.createSymbolicLink(repository.file(name), Project.root().resolve(name));
        }
        Path hello = Project.root().resolve("examples/quickstart/hello");
        try (Stream<Path> files = Files.list(hello)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file).replaceAll("(?m)^//DEPS (\\.\\./)+(connector-sdk\\.java|lib/[a-z]+\\.java)$", "//DEPS ../$2");
                repository.write("hello/" + file.getFileName(), text);
            }
        }
        return repository;
    }

    /**
     * Runs the job's {@code run:} steps in order as the runner does, skipping {@code uses:} steps (the checkout is the
     * repository; the JDK is this one); after a failed step only {@code if: always()} steps run. Returns what the steps
     * printed, after checking that no secret is in it and that every step passed.
     */
    private static String runSteps(JsonNode job, Project repository, FakeFivetranApi api) throws IOException {
        StringBuilder log = new StringBuilder();
        boolean failed = false;
        for (JsonNode step : job.path("steps")) {
            if (!step.has("run") || failed && !step.path("if").asText().equals("always()")) {
                continue;
            }
            Map<String, String> environment = new HashMap<>();
            environment.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
            environment.put("FIVETRAN_API_BASE_URL", api.baseUrl());
            step.path("env").properties().forEach(variable -> environment.put(variable.getKey(), evaluate(variable.getValue().asText())));
            Path script = Files.createTempFile("step-", ".sh");
            Files.writeString(script, step.get("run").asText());
            Project.Result result = Project.runIn(repository.file(step.path("working-directory").asText(".")),
                    List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString()), environment, null);
            Files.delete(script);
            log.append("=== ").append(step.path("name").asText()).append('\n').append(result.out()).append(result.err());
            failed |= result.exit() != 0;
        }
        for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
            assertFalse(log.toString().contains(secret.getValue()), "the secret " + secret.getKey() + " is printed:\n" + log);
        }
        assertFalse(failed, log::toString);
        return log.toString();
    }

    /** The value of an env: entry: its ${{ secrets.X }} and ${{ vars.X }} replaced as GitHub does. */
    private static String evaluate(String value) {
        return EXPRESSION.matcher(value).replaceAll(expression -> Matcher.quoteReplacement(
                (expression.group(1).equals("secrets") ? SECRETS : VARIABLES).getOrDefault(expression.group(2), "")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
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
