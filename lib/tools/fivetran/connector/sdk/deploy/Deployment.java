package fivetran.connector.sdk.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.warehouse.Naming;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * Deploys a packaged connector as a Fivetran Connector SDK connection, with the calls and messages of Fivetran's
 * SDK: find the destination (group) by name, look the connection up, upload the package, then create the connection
 * (paused, setup tests run) or, after confirmation, update an existing Connector SDK connection. A package that no
 * connection uses after a failed create or update is deleted. Configuration values travel only in
 * {@code config.secrets_list} and are never logged.
 */
public final class Deployment {
    /** The service of Connector SDK connections. */
    public static final String SERVICE = "connector_sdk";
    private static final String DASHBOARD = "https://fivetran.com/dashboard/connections/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * What to deploy.
     *
     * @param destination   the destination (group) name
     * @param connection    the connection name, which is its destination schema
     * @param configuration the configuration, or null when none was given
     * @param javaVersion   the Java runtime asked for, or null: then an existing connection keeps its runtime, and a new
     *                      one gets {@code defaultJavaVersion}
     * @param defaultJavaVersion the Java runtime of a new connection when none is asked for
     * @param hybridAgentId the hybrid deployment agent, or null
     * @param naming        the naming strategy asked for, or null (FIVETRAN for a new connection)
     */
    public record Target(String destination, String connection, Configuration configuration, String javaVersion,
                         String defaultJavaVersion, String hybridAgentId, Naming.Strategy naming) {
    }

    private final FivetranApi api;
    private final Logger log;
    private final PrintStream out;

    /** A deployment through {@code api}, logging to {@code log} and printing its result to {@code out}. */
    public Deployment(FivetranApi api, Logger log, PrintStream out) {
        this.api = api;
        this.log = log;
        this.out = out;
    }

    /**
     * Runs the deployment and returns the exit code: 0 when the connection was created or updated and its setup tests
     * passed. The package is written to {@code zip} for the upload, and deleted after it. {@code confirmUpdate} is asked
     * before an existing connection is changed.
     */
    public int deploy(Target target, ConnectorPackage contents, Path zip, Predicate<String> confirmUpdate) {
        try {
            String groupId = destinationId(target.destination());
            JsonNode existing = existingConnection(groupId, target);
            if (existing != null) {
                confirmUpdate(existing, target, confirmUpdate);
                log.info("updating connection {} in group {}", target.connection(), groupId);
            } else if (target.configuration() == null) {
                throw new CommandFailure("configuration is required; provide it via the --configuration flag, the FIVETRAN_CONFIGURATION "
                        + "environment variable, or by placing configuration.json in the project folder.");
            }
            String packageId = upload(contents, zip);
            boolean create = existing == null;
            if (create && target.javaVersion() == null) {
                log.info("java version not specified; connection will use the default java version ({})", target.defaultJavaVersion());
            }
            if (create) {
                log.info("creating connection");
            }
            log.info("Running setup tests can take up to a few minutes; custom tests may take longer depending on your code and external APIs.");
            JsonNode answer;
            try {
                answer = create ? api.post("/v1/connectors", creationBody(groupId, target, packageId), FivetranApi.LONG_CALL)
                        : api.patch("/v1/connectors/" + encode(existing.path("id").asText()), updateBody(target, packageId), FivetranApi.LONG_CALL);
            } catch (FivetranApiException e) {
                log.error("failed to {} connection error: {}", create ? "create" : "update", e.getMessage());
                cleanUp(packageId);
                return 1;
            }
            return report(create, answer.path("data"));
        } catch (CommandFailure e) {
            log.error(e.getMessage());
            return 1;
        }
    }

    private void confirmUpdate(JsonNode existing, Target target, Predicate<String> confirmUpdate) {
        if (!SERVICE.equals(existing.path("service").asText())) {
            throw new CommandFailure("cannot update connection '" + target.connection() + "'; not a Connector SDK connection");
        }
        if (target.naming() != null) {
            log.warn("--naming is ignored when updating a connection: its naming strategy cannot change after it is created");
        }
        String question = "connection '" + target.connection() + "' already exists in destination '" + target.destination()
                + "'; its code will be overwritten"
                + (target.configuration() != null ? " and its configuration fully replaced by the one given" : "")
                + ". continue with update?";
        if (!confirmUpdate.test(question)) {
            throw new CommandFailure("update cancelled");
        }
    }

    private String destinationId(String name) {
        String cursor = null;
        boolean any = false;
        do {
            JsonNode page;
            try {
                page = api.get("/v1/groups?limit=500" + (cursor == null ? "" : "&cursor=" + encode(cursor))).path("data");
            } catch (FivetranApiException e) {
                if (e.status() == 401 || e.status() == 403) {
                    throw new CommandFailure("request failed error: " + e.describe() + "\nensure you're using a valid base64-encoded API key", e);
                }
                throw new CommandFailure("request failed error: " + e.describe(), e);
            }
            for (JsonNode group : page.path("items")) {
                any = true;
                if (name.equals(group.path("name").asText(null))) {
                    return group.path("id").asText();
                }
            }
            cursor = page.path("next_cursor").asText(null);
        } while (cursor != null && !cursor.isEmpty());
        throw new CommandFailure(any ? "failed to deploy; destination '" + name + "' not found in account"
                : "failed to deploy; no destinations defined in account");
    }

    private JsonNode existingConnection(String groupId, Target target) {
        try {
            JsonNode items = api.get("/v1/groups/" + encode(groupId) + "/connectors?schema=" + encode(target.connection())).path("data").path("items");
            return items.isArray() && !items.isEmpty() ? items.get(0) : null;
        } catch (FivetranApiException e) {
            throw new CommandFailure("failed to list connections for destination '" + target.destination() + "': " + e.describe(), e);
        }
    }

    private String upload(ConnectorPackage contents, Path zip) {
        log.info("packaging project for upload");
        long size = contents.writeTo(zip);
        log.info("project packaged for upload ({})", ConnectorPackage.humanSize(size));
        try {
            log.info("uploading package");
            String id = api.upload("/v1/connector-sdk/packages", "file", zip).path("data").path("id").asText("");
            if (id.isEmpty()) {
                throw new CommandFailure("failed to upload the package error: the answer holds no package id");
            }
            log.info("package uploaded");
            log.info("package id: {}", id);
            return id;
        } catch (FivetranApiException e) {
            throw new CommandFailure("failed to upload the package error: " + e.describe(), e);
        } finally {
            deleteQuietly(zip);
        }
    }

    private static ObjectNode creationBody(String groupId, Target target, String packageId) {
        ObjectNode body = NODES.objectNode();
        body.put("group_id", groupId);
        body.put("service", SERVICE);
        String runtime = target.javaVersion() == null ? target.defaultJavaVersion() : target.javaVersion();
        body.set("config", config(target, runtime, packageId));
        body.put("paused", true);
        body.put("run_setup_tests", true);
        body.put("sync_frequency", "360");
        body.put("destination_schema_names", (target.naming() == null ? Naming.Strategy.FIVETRAN : target.naming()) + "_NAMING");
        body.put("hybrid_deployment_agent_id", target.hybridAgentId());
        return body;
    }

    private static ObjectNode updateBody(Target target, String packageId) {
        ObjectNode config = config(target, target.javaVersion(), packageId);
        config.putNull("proxy_host_config_key");
        ObjectNode body = NODES.objectNode();
        body.set("config", config);
        body.put("run_setup_tests", true);
        body.putNull("proxy_agent_id");
        if (target.hybridAgentId() != null) {
            body.put("hybrid_deployment_agent_id", target.hybridAgentId());
        }
        body.put("networking_method", "Directly");
        return body;
    }

    /** {@code config}: the schema, the configuration as secrets, the Java runtime (when not null) and the package. */
    private static ObjectNode config(Target target, String javaVersion, String packageId) {
        ObjectNode config = NODES.objectNode();
        config.put("schema", target.connection());
        if (target.configuration() != null) {
            ArrayNode secrets = config.putArray("secrets_list");
            for (Map.Entry<String, String> value : target.configuration().entrySet()) {
                secrets.addObject().put("key", value.getKey()).put("value", value.getValue());
            }
        }
        if (javaVersion != null) {
            config.put("java_version", javaVersion);
        }
        config.put("package_id", packageId);
        return config;
    }

    /** Lists failed setup tests (exit 1), or prints the connection id and its dashboard link (exit 0). */
    private int report(boolean created, JsonNode connection) {
        String id = connection.path("id").asText();
        List<JsonNode> failed = new ArrayList<>();
        for (JsonNode test : connection.path("setup_tests")) {
            String status = test.path("status").asText();
            if (status.equals("FAILED") || status.equals("JOB_FAILED")) {
                failed.add(test);
            }
        }
        if (!failed.isEmpty()) {
            log.error(Logging.SEVERE, "connection {} but setup tests failed", created ? "created" : "updated");
            log.error("failed setup tests:");
            for (JsonNode test : failed) {
                log.error("test: {}", test.path("title").asText());
                log.error("status: {}", test.path("status").asText());
                log.error("message: {}", test.path("message").asText());
            }
            log.error("connection id: {}", id);
            return 1;
        }
        out.println(created ? "connection created" : "connection updated");
        out.println("connection id: " + id);
        out.println("runtime java version: " + connection.path("config").path("java_version").asText("default"));
        out.println("naming strategy: " + connection.path("destination_schema_names").asText("unknown"));
        out.println(created ? "visit the Fivetran dashboard to start the initial sync:" : "visit the Fivetran dashboard to manage the connection:");
        out.println(DASHBOARD + id + "/status");
        return 0;
    }

    private void cleanUp(String packageId) {
        log.info("cleaning up orphaned package: {}", packageId);
        try {
            api.delete("/v1/connector-sdk/packages/" + encode(packageId));
            log.info("cleaned up orphaned package");
        } catch (FivetranApiException e) {
            log.error("failed to cleanup orphaned package error: {}", e.describe());
        }
    }

    /** Deletes the uploaded package, and its folder when nothing else is left in it. */
    private void deleteQuietly(Path zip) {
        try {
            Files.deleteIfExists(zip);
            try (Stream<Path> left = Files.list(zip.getParent())) {
                if (left.findAny().isEmpty()) {
                    Files.delete(zip.getParent());
                }
            }
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", zip, e.getMessage());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
