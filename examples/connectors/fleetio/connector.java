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
import fivetran.connector.sdk.http.Json;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fleetio records (vehicles, issues, service entries, …), one table per endpoint of Fleetio's API, each incremental on
 * updated_at: sorted by updated_at ascending, filtered from the table's cursor, paged with Fleetio's keyset cursors
 * (next_cursor sent back as start_cursor), and checkpointed per page with the last updated_at read.
 */
class connector {
    static final String API = "https://secure.fleetio.com/api";
    static final String API_VERSION = "2025-05-05";
    /** The endpoints synced by default, each a table named as its path. */
    static final List<String> TABLES = List.of("submitted_inspection_forms", "issues", "service_entries", "vehicles", "expense_entries",
            "contacts", "fuel_entries", "parts", "purchase_orders", "vehicle_assignments");
    /** Fields kept whole, as JSON, rather than flattened into columns (nested objects otherwise become vehicle_name, …). */
    static final Set<String> JSON_FIELDS = Set.of("custom_fields", "labels", "attachment_permissions", "assigned_contacts");

    static List<Table> schema(Configuration configuration) {
        return tables(configuration).stream().map(name -> {
            Table table = Table.named(name).primaryKey("id").column("id", DataType.LONG)
                    .column("created_at", DataType.UTC_DATETIME).column("updated_at", DataType.UTC_DATETIME);
            JSON_FIELDS.forEach(field -> table.column(field, DataType.JSON));
            return table;
        }).toList();
    }

    static List<String> tables(Configuration configuration) {
        List<String> tables = configuration.get("tables", null) == null ? TABLES : configuration.getList("tables");
        for (String table : tables) {
            if (!TABLES.contains(table)) {
                throw new IllegalArgumentException("configuration 'tables': '" + table + "' is not one of " + String.join(", ", TABLES));
            }
        }
        return tables;
    }

    static void update(Configuration configuration, State state) {
        Http api = Http.builder(API)
                .auth(Auth.apiKeyHeader("Authorization", "Token " + configuration.require("api_key")))
                .header("Account-Token", configuration.require("account_token"))
                .header("X-Api-Version", API_VERSION)
                .header("X-Client-Name", "data_connector")
                .header("X-Client-Platform", "fleetio_fivetran")
                .build();
        int perPage = configuration.getInt("per_page", 100);
        for (String table : tables(configuration)) {
            sync(api, table, perPage, state);
        }
    }

    static void sync(Http api, String table, int perPage, State state) {
        String cursorKey = table + "_updated_at";
        String cursor = state.getString(cursorKey, null);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("per_page", perPage);
        query.put("sort[updated_at]", "asc");
        if (cursor != null) {
            query.put("filter[updated_at][gte]", cursor);   // inclusive: the last record read is read again, unchanged
        }
        Logging.info("fleetio: " + table + (cursor == null ? ", all records" : ", records updated since " + cursor));
        long read = 0;
        try {
            for (Page page : Pages.of(api, "/" + table, query, "/records", Pagination.cursor("start_cursor", "/next_cursor"))) {
                for (JsonNode record : page.items()) {
                    Operations.upsert(table, Json.flatten(record, "_", JSON_FIELDS));
                    if (record.hasNonNull("updated_at")) {
                        state.put(cursorKey, record.get("updated_at").asText());
                    }
                }
                read += page.items().size();
                Operations.checkpoint(state);
            }
        } catch (HttpException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new IllegalStateException("Fleetio refused the credentials (" + e.status() + ") for " + table
                        + ": check configuration 'api_key' and 'account_token' (and that the plan includes API access). " + e.getMessage(), e);
            }
            throw e;
        }
        Logging.info("fleetio: " + table + ", " + read + " records read");
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
