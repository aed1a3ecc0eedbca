///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.OAuth2;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The database's credentials kept in Azure Key Vault rather than in the connector's configuration: an Azure AD
 * (Microsoft Entra ID) token by the client-credentials grant, scope {@code https://vault.azure.net/.default}, then the
 * secrets {@code postgresHost}, {@code postgresPort}, {@code postgresDatabase}, {@code postgresUser} and
 * {@code postgresPassword} ({@code GET {vault_url}/secrets/{name}?api-version=7.4}), then the PostgreSQL table
 * {@code employee_table} into {@code employees}: in full, or incrementally by a replication key.
 */
class connector {
    static final String API_VERSION = "7.4";
    static final List<String> SECRETS = List.of("postgresHost", "postgresPort", "postgresDatabase", "postgresUser", "postgresPassword");
    private static final Pattern VAULT = Pattern.compile("https://[a-z0-9-]+\\.(vault\\.[a-z0-9.-]+)/?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("employees").primaryKey("id")
                .column("id", DataType.INT).column("name", DataType.STRING)
                .column("department_id", DataType.INT).column("employee_metadata", DataType.JSON));
    }

    static void update(Configuration configuration, State state) throws Exception {
        Map<String, String> secrets = secrets(configuration);
        Logging.info("read " + secrets.size() + " secrets from Azure Key Vault");   // their names only, never their values
        String url = "jdbc:postgresql://" + secrets.get("postgresHost") + ":" + secrets.get("postgresPort") + "/" + secrets.get("postgresDatabase")
                + (configuration.get("jdbc_options", null) == null ? "" : "?" + configuration.get("jdbc_options", null));
        Configuration database = Configuration.of(Map.of("jdbc_url", url, "user", secrets.get("postgresUser"),
                "password", secrets.get("postgresPassword")));
        String table = configuration.get("source_table", "employee_table");
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("configuration 'source_table' must be a table name, optionally schema.table");
        }
        List<String> key = configuration.getList("replication_key");
        try (Connection source = Jdbc.connect(database)) {
            if (!key.isEmpty()) {
                KeysetReader.of(table).replicationKey(key.toArray(String[]::new)).upsertInto("employees", source, state);
                return;
            }
            // no replication key: the whole table, which replaces the last snapshot in one commit (rows gone are deleted)
            Operations.truncate("employees");
            long rows = Jdbc.stream(source, "SELECT * FROM " + table, List.of(), 1000, row -> Operations.upsert("employees", row));
            Operations.checkpoint(state);
            Logging.info("employees: " + rows + " rows read in full");
        }
    }

    /** The five secrets, by name; a secret that is missing or refused is named in the error, never a value. */
    static Map<String, String> secrets(Configuration configuration) {
        String vaultUrl = configuration.require("vault_url");
        var vault = VAULT.matcher(vaultUrl);
        if (!vault.matches()) {
            throw new IllegalArgumentException("configuration 'vault_url' must be the vault's URL, e.g. https://my-vault.vault.azure.net");
        }
        // the vault's DNS suffix names its cloud: vault.azure.net, vault.usgovcloudapi.net, vault.azure.cn
        String scope = "https://" + vault.group(1) + "/.default";
        String tenant = configuration.require("tenant_id");
        if (!tenant.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("configuration 'tenant_id' must be the directory (tenant) id or domain");
        }
        String authority = configuration.get("authority_host", "https://login.microsoftonline.com").replaceAll("/+$", "");
        // Azure AD's client-credentials grant (v2.0 endpoint) with the vault's scope
        OAuth2 token = OAuth2.clientCredentials(authority + "/" + tenant + "/oauth2/v2.0/token", configuration.require("client_id"),
                        configuration.require("client_secret"))
                .scope(scope)
                .whenRefused("check configuration 'tenant_id', 'client_id' and 'client_secret'");
        Http keyVault = Http.builder(vaultUrl).auth(token).build();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String name : SECRETS) {
            JsonNode secret;
            try {
                secret = keyVault.get("/secrets/" + name, Map.of("api-version", API_VERSION));
            } catch (HttpException e) {
                String reason = switch (e.status()) {
                    case 404 -> "the vault has no secret " + name;
                    case 403 -> "the application may not read secret " + name + " (give it the Get permission on secrets, or the role Key Vault Secrets User)";
                    case 401 -> "the vault refused the application's token";
                    default -> "cannot read secret " + name;
                };
                throw new IllegalStateException("Azure Key Vault: " + reason + ": " + e.getMessage(), e);
            }
            if (secret == null || !secret.path("value").isTextual()) {
                throw new IllegalStateException("Azure Key Vault answered secret " + name + " without a value");
            }
            secrets.put(name, secret.get("value").asText());
        }
        return secrets;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
