///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

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
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Projects, the connector catalogue and cloud-cost budgets of a Harness account, with Harness's platform API through
 * the SDK's Http client (header {@code x-api-key}, every call with {@code accountIdentifier}); optionally the DORA mean
 * time to resolution of Harness SEI. The list endpoints have no modified-since filter, so each table is read whole at
 * every sync and replaces the last snapshot: what is gone is marked deleted. A table that cannot be read is logged
 * and the others go on; the sync then fails, naming it.
 */
class connector {
    /** Epoch-millisecond fields of projects and budgets, written as timestamps. */
    private static final Set<String> EPOCH_MILLIS = Set.of("createdAt", "lastModifiedAt", "lastUpdatedAt", "startTime", "endTime");

    static List<Table> schema(Configuration configuration) {
        return List.of(
                Table.named("user_projects").primaryKey("orgIdentifier", "identifier")
                        .column("orgIdentifier", DataType.STRING).column("identifier", DataType.STRING)
                        .column("modules", DataType.JSON).column("tags", DataType.JSON)
                        .column("createdAt", DataType.UTC_DATETIME).column("lastModifiedAt", DataType.UTC_DATETIME),
                Table.named("connectors").primaryKey("category").column("category", DataType.STRING).column("connectors", DataType.JSON),
                Table.named("budgets").primaryKey("uuid").column("uuid", DataType.STRING).column("scope", DataType.JSON)
                        .column("createdAt", DataType.UTC_DATETIME).column("lastUpdatedAt", DataType.UTC_DATETIME),
                Table.named("mean_time_to_resolution").column("unit", DataType.STRING));
    }

    static void update(Configuration configuration, State state) {
        String account = configuration.require("account_id");
        Http harness = Http.builder(configuration.get("base_url", "https://app.harness.io"))
                .auth(Auth.apiKeyHeader("x-api-key", configuration.require("api_token")))
                .build();
        int pageSize = configuration.getInt("page_size", 100);
        List<String> failed = new ArrayList<>();

        snapshot("user_projects", failed, state, () -> projects(harness, account, pageSize));
        snapshot("connectors", failed, state, () -> rows(harness.get("/ng/api/connectors/catalogue", Map.of("accountIdentifier", account))
                .path("data").path("catalogue")));
        snapshot("budgets", failed, state, () -> rows(harness.get("/ccm/api/budgets", Map.of("accountIdentifier", account)).path("data")));
        if (configuration.get("sei_api_key", null) != null) {
            read("mean_time_to_resolution", failed, () -> {
                Operations.upsert("mean_time_to_resolution", row(meanTimeToResolution(configuration)));
                Operations.checkpoint(state);
                return null;
            });
        } else {
            Logging.info("mean_time_to_resolution skipped: no sei_api_key");
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("Harness: " + String.join("; ", failed) + " (the other tables were synced)");
        }
    }

    /** Every project of the account, page by page ({@code pageIndex} from 0): the project's fields and its siblings'. */
    static List<Map<String, Object>> projects(Http harness, String account, int pageSize) {
        List<Map<String, Object>> projects = new ArrayList<>();
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("accountIdentifier", account);
        query.put("pageIndex", 0);
        query.put("pageSize", pageSize);
        // the next pageIndex until data.totalPages, rather than until a short page: the server may cap pageSize below the one asked for
        Pagination byIndex = page -> {
            JsonNode data = page.body().path("data");
            long next = data.path("pageIndex").asLong() + 1;
            return next < data.path("totalPages").asLong(0) ? page.request().with("pageIndex", next) : null;
        };
        for (Page page : Pages.of(harness, "/ng/api/projects", query, "/data/content", byIndex)) {
            for (JsonNode item : page.items()) {
                Map<String, Object> row = row(item.path("project"));
                item.properties().forEach(field -> {
                    if (!field.getKey().equals("project")) {
                        row.put(field.getKey(), value(field.getKey(), field.getValue()));
                    }
                });
                projects.add(row);
            }
        }
        return projects;
    }

    /** SEI's DORA mean time to resolution for the configured integrations, collections and widget. */
    static JsonNode meanTimeToResolution(Configuration configuration) {
        Http sei = Http.builder(configuration.get("sei_base_url", "https://app.harness.io/gateway/sei/api"))
                .auth(Auth.apiKeyHeader("Authorization", "APIKEY " + configuration.require("sei_api_key")))
                .build();
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("ratings", List.of("good", "slow", "needs_attention"));
        filter.put("calculation", "ticket_velocity");
        filter.put("work_items_type", "jira");
        filter.put("limit_to_only_applicable_data", "true");
        filter.put("integration_ids", configuration.getList("dora_integration_ids"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filter", filter);
        body.put("ou_ids", configuration.getList("dora_ou_ids"));
        body.put("across", "velocity");
        body.put("widget_id", configuration.require("dora_widget_id"));
        return sei.post("/v1/dora/mean-time", body);
    }

    /** Reads a whole table first, then truncates it and writes it in one checkpoint, so a failed read changes nothing. */
    private static void snapshot(String table, List<String> failed, State state, Supplier<List<Map<String, Object>>> read) {
        List<Map<String, Object>> rows = read(table, failed, read);
        if (rows == null) {
            return;
        }
        Operations.truncate(table);
        rows.forEach(row -> Operations.upsert(table, row));
        Operations.checkpoint(state);
        Logging.info(table + ": " + rows.size() + " rows");
    }

    /** The read's result; a refused key stops the sync, any other failure is logged and noted in {@code failed}. */
    private static <T> T read(String table, List<String> failed, Supplier<T> read) {
        try {
            return read.get();
        } catch (HttpException e) {
            if (e.status() == 401) {
                throw new IllegalStateException("Harness refused the API key (HTTP 401); check api_token (a personal access or service"
                        + " account token of the account account_id names): " + e.getMessage(), e);
            }
            Logging.error(table + " could not be synced: " + e.getMessage());
            failed.add(table + " could not be synced: " + e.getMessage());
            return null;
        }
    }

    private static List<Map<String, Object>> rows(JsonNode items) {
        List<Map<String, Object>> rows = new ArrayList<>();
        items.forEach(item -> rows.add(row(item)));
        return rows;
    }

    /** A JSON object as a row: nested objects and lists as JSON, epoch-millisecond times as timestamps. */
    static Map<String, Object> row(JsonNode object) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (object != null) {
            object.properties().forEach(field -> row.put(field.getKey(), value(field.getKey(), field.getValue())));
        }
        return row;
    }

    private static Object value(String name, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isContainerNode()) {
            return node;
        }
        if (node.isIntegralNumber() && EPOCH_MILLIS.contains(name)) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return node.isBoolean() ? node.booleanValue() : node.asText();
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
