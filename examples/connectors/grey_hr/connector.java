///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import fivetran.connector.sdk.http.RetryPolicy;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.util.TimeWindows;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Employees, leave transactions and attendance insights of a greytHR organisation, with greytHR's REST API through the
 * SDK's Http client. An access token comes from {@code POST https://<domain>/uas/v1/oauth2/client-token} with the API
 * user's credentials (HTTP Basic) and is sent as the {@code ACCESS-TOKEN} header, with {@code x-greythr-domain}; it is
 * requested again when the API answers 401. Employees are paged and incremental on {@code lastModified}; leave and
 * attendance are read in windows of at most 31 days (the API's limit), each window checkpointed.
 */
class connector {
    static final String API = "https://api.greythr.com";
    static final int MAX_WINDOW_DAYS = 31;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+");

    static List<Table> schema(Configuration configuration) {
        return List.of(
                Table.named("employee").primaryKey("employeeId"),
                Table.named("leave_transaction").primaryKey("id"),
                Table.named("leave_transaction_child").primaryKey("id", "parent_id"),
                window(Table.named("attendance_insight").primaryKey("employee", "sync_start_date")),
                window(Table.named("attendance_average").primaryKey("employee", "sync_start_date", "type")),
                window(Table.named("attendance_day").primaryKey("employee", "sync_start_date", "type")),
                window(Table.named("attendance_status").primaryKey("employee", "sync_start_date", "type")));
    }

    private static Table window(Table table) {
        return table.column("sync_start_date", DataType.NAIVE_DATE).column("sync_end_date", DataType.NAIVE_DATE);
    }

    static void update(Configuration configuration, State state) {
        String domain = configuration.require("greythr_domain");
        if (!HOST.matcher(domain).matches()) {
            throw new IllegalArgumentException("configuration 'greythr_domain' must be the host name of your greytHR account, e.g. acme.greythr.com");
        }
        Http api = Http.builder(API).header("x-greythr-domain", domain)
                .auth(Auth.session(() -> token(configuration, domain), "ACCESS-TOKEN", ""))
                .build();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate end = configuration.getDate("sync_end_date", today);
        if (end.isAfter(today)) {
            end = today;
        }
        LocalDate start = configuration.getDate("sync_start_date", LocalDate.of(1900, 1, 1));

        syncEmployees(configuration, api, state);
        syncWindows(api, state, "/leave/v2/employee/transactions", "leave_last_sync_end_date", start, end, today,
                (data, window) -> leave(data));
        syncWindows(api, state, "/attendance/v2/employee/insights", "attendance_last_sync_end_date", start, end, today,
                connector::attendance);
    }

    /** The access token of the API user; refused credentials are named as such. */
    static String token(Configuration configuration, String domain) {
        Http tokens = Http.builder("https://" + domain)
                .auth(Auth.basic(configuration.require("api_username"), configuration.require("api_password")))
                .retryPolicy(RetryPolicy.builder().idempotent("POST").build())
                .build();
        JsonNode answer;
        try {
            answer = tokens.post("/uas/v1/oauth2/client-token", null);
        } catch (HttpException e) {
            if (e.status() == 400 || e.status() == 401 || e.status() == 403) {
                throw new IllegalStateException("greytHR refused the API credentials (HTTP " + e.status()
                        + "); check api_username and api_password (the API user of greytHR's API details page)", e);
            }
            throw e;
        }
        if (answer == null || !answer.path("access_token").isTextual()) {
            throw new IllegalStateException("greytHR answered the token request without an access_token");
        }
        Logging.info("greytHR access token obtained");
        return answer.get("access_token").asText();
    }

    /** Employees page by page ({@code page} from 0), after the largest lastModified of the last sync. */
    static void syncEmployees(Configuration configuration, Http api, State state) {
        int size = configuration.getInt("page_size", 100);
        String since = state.getString("employee_last_modified", null);   // the same for every page of this sync
        String lastModified = since;
        for (int page = 0; ; page++) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("page", page);
            query.put("size", size);
            if (since != null) {
                query.put("modifiedSince", since);
            }
            JsonNode answer = get(api, "/employee/v2/employees", query);
            if (answer == null) {
                return;
            }
            for (JsonNode employee : answer.path("data")) {
                Operations.upsert("employee", Json.flatten(employee, "_"));
                String modified = employee.path("lastModified").asText(null);
                // ISO-8601 timestamps of one format compare as text
                if (modified != null && (lastModified == null || modified.compareTo(lastModified) > 0)) {
                    lastModified = modified;
                }
            }
            if (lastModified != null) {
                state.put("employee_last_modified", lastModified);
            }
            Operations.checkpoint(state);
            if (!answer.path("pages").path("hasNext").asBoolean(false)) {
                return;
            }
        }
    }

    /**
     * The days after the last complete window up to {@code end}, in windows of at most 31 days, each read and
     * checkpointed. A window that reaches today is read but not recorded as done: the next sync reads it again, with
     * what was added to it since.
     */
    static void syncWindows(Http api, State state, String path, String stateKey, LocalDate start, LocalDate end, LocalDate today,
                            BiConsumer<JsonNode, TimeWindows.Window> rows) {
        String done = state.getString(stateKey, null);
        LocalDate from = done == null ? start : LocalDate.parse(done).plusDays(1);
        if (from.isAfter(end)) {
            return;
        }
        for (TimeWindows.Window window : TimeWindows.forward(instant(from), instant(end.plusDays(1)), Duration.ofDays(MAX_WINDOW_DAYS))) {
            LocalDate first = LocalDate.ofInstant(window.start(), ZoneOffset.UTC);
            LocalDate last = LocalDate.ofInstant(window.end(), ZoneOffset.UTC).minusDays(1);
            JsonNode answer = get(api, path, Map.of("start", first.toString(), "end", last.toString()));
            if (answer == null) {
                return;
            }
            rows.accept(answer.path("data"), window);
            if (last.isBefore(today)) {
                state.put(stateKey, last.toString());
            }
            Operations.checkpoint(state);
        }
    }

    /** A GET; a 404 (a module the organisation does not use) is logged and skips the endpoint (null). */
    private static JsonNode get(Http api, String path, Map<String, ?> query) {
        try {
            return api.get(path, query);
        } catch (HttpException e) {
            if (e.status() == 404) {
                Logging.warning("greytHR has no " + path + " for this account (404); skipped: " + e.getMessage());
                return null;
            }
            if (e.status() == 403) {
                throw new IllegalStateException("greytHR refused " + path + " (HTTP 403); give the API user access to it: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** {@code data: [{employeeId, list: [{id, …, children: [{id, …}]}]}]}: transactions and their children. */
    static void leave(JsonNode data) {
        for (JsonNode employee : data) {
            for (JsonNode transaction : employee.path("list")) {
                ObjectNode row = Json.flatten(transaction, "_");
                JsonNode children = transaction.path("children");
                row.remove("children");
                row.set("employeeId", employee.get("employeeId"));
                Operations.upsert("leave_transaction", row);
                for (JsonNode child : children) {
                    ObjectNode childRow = Json.flatten(child, "_");
                    childRow.set("parent_id", transaction.get("id"));
                    Operations.upsert("leave_transaction_child", childRow);
                }
            }
        }
    }

    /** {@code data: [{employee, insights: {averages: [{type, average}], days: [{type, days}], status: [{type, days}]}}]}. */
    static void attendance(JsonNode data, TimeWindows.Window window) {
        LocalDate first = LocalDate.ofInstant(window.start(), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(window.end(), ZoneOffset.UTC).minusDays(1);
        for (JsonNode record : data) {
            Object employee = value(record.get("employee"));
            Map<String, Object> insight = new LinkedHashMap<>();
            insight.put("employee", employee);
            insight.put("sync_start_date", first);
            insight.put("sync_end_date", last);
            Operations.upsert("attendance_insight", insight);
            JsonNode insights = record.path("insights");
            metrics(insights.path("averages"), "attendance_average", "average", insight);
            metrics(insights.path("days"), "attendance_day", "days", insight);
            metrics(insights.path("status"), "attendance_status", "days", insight);
        }
    }

    private static void metrics(JsonNode metrics, String table, String field, Map<String, Object> insight) {
        for (JsonNode metric : metrics) {
            Map<String, Object> row = new LinkedHashMap<>(insight);
            row.put("type", value(metric.get("type")));
            row.put(field, value(metric.get(field)));
            Operations.upsert(table, row);
        }
    }

    /** A JSON value as the SDK converts the fields of a JSON row (whole numbers as Long), so attendance columns type as the flattened tables do. */
    private static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isContainerNode()) {
            return node;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return node.isBoolean() ? node.booleanValue() : node.asText();
    }

    private static java.time.Instant instant(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
