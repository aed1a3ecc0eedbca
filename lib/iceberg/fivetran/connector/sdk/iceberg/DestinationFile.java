package fivetran.connector.sdk.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.engine.SyncEngine;
import fivetran.connector.sdk.warehouse.Destination;
import fivetran.connector.sdk.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Namespace;

/**
 * {@code run --destination destination.json}: an Iceberg catalog of the user's, REST or JDBC, and its storage (local
 * files or S3). The file's secrets (a bearer token, OAuth2 client credentials, a JDBC password, S3 keys) are each a
 * string or {@code {"env": "NAME"}}, read from the environment; no message names a value. Everything is checked when
 * the file is read, before the sync starts.
 */
public final class DestinationFile implements SyncEngine.DestinationFactory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("catalog", "storage", "namespace");
    private static final Set<String> REST = Set.of("type", "uri", "warehouse", "prefix", "token", "credential", "oauth2_server_uri", "scope",
            "properties");
    private static final Set<String> JDBC = Set.of("type", "uri", "warehouse", "user", "password", "properties");
    private static final Set<String> FILE = Set.of("type");
    private static final Set<String> S3 = Set.of("type", "endpoint", "region", "path_style_access", "access_key_id", "secret_access_key",
            "session_token");

    private final Path file;
    private final String type;
    private final Map<String, String> properties;
    private final Namespace namespace;

    /** Reads and checks {@code file}, taking secrets named by {@code {"env": ...}} from this process's environment. */
    public DestinationFile(Path file) {
        this(file, System.getenv());
    }

    DestinationFile(Path file, Map<String, String> environment) {
        this.file = file;
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            // Jackson's message quotes the text near the error, which may be a secret
            throw new IllegalArgumentException(file + " is not a readable JSON file" + (e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    && json.getLocation() != null ? " (error at line " + json.getLocation().getLineNr() + ")" : ": " + e.getClass().getSimpleName()));
        }
        Reader reader = new Reader(file, environment);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object with \"catalog\" (and optionally \"storage\", \"namespace\")");
        }
        reader.onlyKeys(root, "", TOP);
        JsonNode catalog = reader.object(root, "catalog", true);
        this.type = reader.text(catalog, "catalog.type", true);
        Map<String, String> props = new LinkedHashMap<>();
        switch (type) {
            case "rest" -> {
                reader.onlyKeys(catalog, "catalog.", REST);
                props.put(CatalogProperties.URI, reader.text(catalog, "catalog.uri", true));
                reader.put(props, CatalogProperties.WAREHOUSE_LOCATION, reader.text(catalog, "catalog.warehouse", false));
                reader.put(props, "prefix", reader.text(catalog, "catalog.prefix", false));
                String token = reader.secret(catalog, "catalog.token");
                String credential = reader.secret(catalog, "catalog.credential");
                if (token != null && credential != null) {
                    throw new IllegalArgumentException(file + ": give catalog.token or catalog.credential, not both");
                }
                if (credential != null && !credential.contains(":")) {
                    throw new IllegalArgumentException(file + ": catalog.credential must be CLIENT_ID:CLIENT_SECRET (OAuth2 client credentials)");
                }
                reader.put(props, "token", token);
                reader.put(props, "credential", credential);
                String tokens = reader.text(catalog, "catalog.oauth2_server_uri", false);
                if (token != null || credential != null) {
                    // what Iceberg's REST client infers, with a warning each run, when these are not set
                    props.put("rest.auth.type", "oauth2");
                    props.put("oauth2-server-uri", tokens != null ? tokens : props.get(CatalogProperties.URI).replaceAll("/+$", "") + "/v1/oauth/tokens");
                }
                reader.put(props, "scope", reader.text(catalog, "catalog.scope", false));
            }
            case "jdbc" -> {
                reader.onlyKeys(catalog, "catalog.", JDBC);
                props.put(CatalogProperties.URI, reader.text(catalog, "catalog.uri", true));
                props.put(CatalogProperties.WAREHOUSE_LOCATION, reader.text(catalog, "catalog.warehouse", true));
                reader.put(props, "jdbc.user", reader.secret(catalog, "catalog.user"));
                reader.put(props, "jdbc.password", reader.secret(catalog, "catalog.password"));
                props.put("jdbc.schema-version", "V1");
            }
            default -> throw new IllegalArgumentException(file + ": catalog.type is \"" + type + "\"; it must be \"rest\" or \"jdbc\"");
        }
        JsonNode extra = reader.object(catalog, "properties", false);
        if (extra != null) {
            extra.fields().forEachRemaining(e -> props.putIfAbsent(e.getKey(), e.getValue().asText()));
        }
        storage(reader, reader.object(root, "storage", false), props);
        this.properties = Map.copyOf(props);
        String name = reader.text(root, "namespace", false);
        this.namespace = Namespace.of(name == null ? Warehouse.SCHEMA : name);
    }

    private void storage(Reader reader, JsonNode storage, Map<String, String> props) {
        if (storage == null) {
            return;
        }
        String kind = reader.text(storage, "storage.type", true);
        switch (kind) {
            case "file" -> {
                reader.onlyKeys(storage, "storage.", FILE);
                props.put(CatalogProperties.FILE_IO_IMPL, SyncedFileIO.class.getName());
            }
            case "s3" -> {
                reader.onlyKeys(storage, "storage.", S3);
                props.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
                reader.put(props, "s3.endpoint", reader.text(storage, "storage.endpoint", false));
                reader.put(props, "client.region", reader.text(storage, "storage.region", false));
                JsonNode pathStyle = storage.get("path_style_access");
                if (pathStyle != null) {
                    if (!pathStyle.isBoolean()) {
                        throw new IllegalArgumentException(file + ": storage.path_style_access must be true or false");
                    }
                    props.put("s3.path-style-access", pathStyle.asText());
                }
                String key = reader.secret(storage, "storage.access_key_id");
                String secret = reader.secret(storage, "storage.secret_access_key");
                if ((key == null) != (secret == null)) {
                    throw new IllegalArgumentException(file + ": give storage.access_key_id and storage.secret_access_key together "
                            + "(or neither, for the AWS SDK's default credentials: AWS_ACCESS_KEY_ID, profiles, instance roles)");
                }
                reader.put(props, "s3.access-key-id", key);
                reader.put(props, "s3.secret-access-key", secret);
                reader.put(props, "s3.session-token", reader.secret(storage, "storage.session_token"));
            }
            default -> throw new IllegalArgumentException(file + ": storage.type is \"" + kind + "\"; it must be \"file\" or \"s3\"");
        }
    }

    /** The catalog's type, {@code rest} or {@code jdbc}. */
    String type() {
        return type;
    }

    /** Iceberg's catalog properties, secrets included: never to be printed. */
    Map<String, String> properties() {
        return properties;
    }

    /** Whether the storage is an S3-compatible store of its own endpoint rather than AWS's S3. */
    boolean s3Compatible() {
        return properties.containsKey("s3.endpoint");
    }

    Namespace namespace() {
        return namespace;
    }

    Path file() {
        return file;
    }

    @Override
    public Path staging(Path project) {
        return EmbeddedIceberg.folder(project).resolve("staging.duckdb");
    }

    @Override
    public Destination open(Path project, Warehouse staging) {
        return IcebergDestination.open(this, staging);
    }

    /** Reads fields of the file, naming each by its path in messages. */
    private record Reader(Path file, Map<String, String> environment) {
        void onlyKeys(JsonNode node, String prefix, Set<String> allowed) {
            Set<String> unknown = new TreeSet<>();
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    unknown.add(prefix + name);
                }
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(file + ": unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                        + "; allowed: " + String.join(", ", new TreeSet<>(allowed.stream().map(n -> prefix + n).toList())));
            }
        }

        JsonNode object(JsonNode node, String name, boolean required) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                if (required) {
                    throw new IllegalArgumentException(file + ": \"" + name + "\" is missing");
                }
                return null;
            }
            if (!value.isObject()) {
                throw new IllegalArgumentException(file + ": \"" + name + "\" must be a JSON object");
            }
            return value;
        }

        String text(JsonNode node, String path, boolean required) {
            JsonNode value = node.get(path.substring(path.lastIndexOf('.') + 1));
            if (value == null || value.isNull()) {
                if (required) {
                    throw new IllegalArgumentException(file + ": " + path + " is missing");
                }
                return null;
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                throw new IllegalArgumentException(file + ": " + path + " must be a non-empty string");
            }
            return value.asText();
        }

        /** A secret: a string, or {@code {"env": "NAME"}}; messages name the field and the variable, never the value. */
        String secret(JsonNode node, String path) {
            JsonNode value = node.get(path.substring(path.lastIndexOf('.') + 1));
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isTextual()) {
                return value.asText();
            }
            if (value.isObject() && value.size() == 1 && value.path("env").isTextual()) {
                String variable = value.path("env").asText();
                String secret = environment.get(variable);
                if (secret == null) {
                    throw new IllegalArgumentException(file + ": " + path + " is read from the environment variable " + variable + ", which is not set");
                }
                return secret;
            }
            throw new IllegalArgumentException(file + ": " + path + " must be a string or {\"env\": \"VARIABLE\"}");
        }

        void put(Map<String, String> props, String key, String value) {
            if (value != null) {
                props.put(key, value);
            }
        }
    }
}
