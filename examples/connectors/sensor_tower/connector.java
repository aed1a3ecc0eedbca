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
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.util.TimeWindows;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * App download and revenue estimates, active users and retention from Sensor Tower's API (v1, the token in
 * {@code auth_token}), for the configured iOS and Android apps, over a date range that starts a look-back before the
 * last sync's end.
 */
class connector {
    static final String BASE_URL = "https://api.sensortower.com/v1";

    /** The short keys of sales_report_estimates, per OS, as columns. */
    static final Map<String, Map<String, String>> SALES_KEYS = Map.of(
            "ios", Map.of("aid", "app_id", "cc", "country_code", "d", "date", "iu", "iphone_downloads", "ir", "iphone_revenue",
                    "au", "ipad_downloads", "ar", "ipad_revenue"),
            "android", Map.of("aid", "app_id", "c", "country_code", "d", "date", "u", "android_downloads", "r", "android_revenue"));

    static List<Table> schema(Configuration configuration) {
        Table sales = Table.named("sales_report_estimates").primaryKey("app_id", "date", "country_code")
                .column("app_id", DataType.STRING).column("date", DataType.NAIVE_DATE).column("country_code", DataType.STRING)
                .column("os", DataType.STRING);
        for (String column : List.of("iphone_downloads", "iphone_revenue", "ipad_downloads", "ipad_revenue", "android_downloads", "android_revenue")) {
            sales.column(column, DataType.LONG);
        }
        return List.of(sales,
                Table.named("active_users").primaryKey("app_id", "date", "time_period", "country")
                        .column("app_id", DataType.STRING).column("date", DataType.NAIVE_DATE).column("time_period", DataType.STRING)
                        .column("country", DataType.STRING).column("os", DataType.STRING),
                Table.named("retention").primaryKey("app_id", "date", "country")
                        .column("app_id", DataType.STRING).column("date", DataType.NAIVE_DATE).column("country", DataType.STRING)
                        .column("os", DataType.STRING).column("corrected_retention", DataType.JSON));
    }

    static void update(Configuration configuration, State state) {
        Http api = Http.builder(BASE_URL).auth(Auth.apiKeyQuery("auth_token", configuration.require("auth_token"))).build();
        Map<String, List<String>> apps = new LinkedHashMap<>();
        apps.put("ios", configuration.getList("ios_app_ids"));
        apps.put("android", configuration.getList("android_app_ids"));
        apps.values().removeIf(List::isEmpty);
        if (apps.isEmpty()) {
            throw new IllegalArgumentException("configuration 'ios_app_ids' or 'android_app_ids' must name at least one app");
        }
        List<String> countries = configuration.getList("retention_countries").isEmpty()
                ? List.of("US", "AU", "FR", "DE", "GB", "IT", "CA", "KR", "JP", "BR", "IN", "ES") : configuration.getList("retention_countries");
        List<String> periods = configuration.getList("time_periods").isEmpty() ? List.of("day", "week", "month") : configuration.getList("time_periods");
        int initialDays = positive(configuration, "initial_days", 90);
        int lookBackDays = positive(configuration, "look_back_days", 7);
        int windowDays = positive(configuration, "window_days", 31);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate end = configuration.getDate("end_date", today);
        if (end.isAfter(today)) {
            end = today;
        }

        // estimates are revised for some days, so every sync reads again from look_back_days before the last end
        LocalDate start = start(state, "sales_report_estimates", end, initialDays, lookBackDays);
        for (TimeWindows.Window window : TimeWindows.forward(start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), Duration.ofDays(windowDays))) {
            LocalDate from = LocalDate.ofInstant(window.start(), ZoneOffset.UTC);
            LocalDate to = LocalDate.ofInstant(window.end(), ZoneOffset.UTC).minusDays(1);
            for (Map.Entry<String, List<String>> os : apps.entrySet()) {
                Map<String, Object> query = query(os.getValue(), from, to);
                query.put("date_granularity", "daily");
                for (JsonNode record : array(api.get(os.getKey() + "/sales_report_estimates", query), "sales_report_estimates")) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    Map<String, String> keys = SALES_KEYS.get(os.getKey());
                    record.properties().forEach(field -> row.put(keys.getOrDefault(field.getKey(), field.getKey()), value(field.getValue())));
                    row.put("date", date(row.get("date")));
                    row.put("os", os.getKey());
                    Operations.upsert("sales_report_estimates", row);
                }
            }
            state.put("sales_report_estimates", to.toString());
            Operations.checkpoint(state);
        }

        LocalDate usersFrom = start(state, "active_users", end, initialDays, lookBackDays);
        for (Map.Entry<String, List<String>> os : apps.entrySet()) {
            for (String period : periods) {
                Map<String, Object> query = query(os.getValue(), usersFrom, end);
                query.put("time_period", period);
                for (JsonNode record : array(api.get(os.getKey() + "/usage/active_users", query), "active_users")) {
                    Map<String, Object> row = row(record, os.getKey());
                    row.put("time_period", period);
                    Operations.upsert("active_users", row);
                }
                Operations.checkpoint(state);
            }
        }
        state.put("active_users", end.toString());
        Operations.checkpoint(state);

        LocalDate retentionFrom = start(state, "retention", end, initialDays, lookBackDays);
        for (Map.Entry<String, List<String>> os : apps.entrySet()) {
            for (String country : countries) {
                Map<String, Object> query = query(os.getValue(), retentionFrom, end);
                query.put("date_granularity", "all_time");
                query.put("country", country);
                JsonNode answer = api.get(os.getKey() + "/usage/retention", query);
                for (JsonNode record : array(answer == null ? null : answer.get("app_data"), "retention app_data")) {
                    Map<String, Object> row = row(record, os.getKey());
                    row.put("corrected_retention", record.get("corrected_retention"));
                    Operations.upsert("retention", row);
                }
                Operations.checkpoint(state);
            }
        }
        state.put("retention", end.toString());
        Operations.checkpoint(state);
        Logging.info("synced " + apps.keySet() + " apps up to " + end);
    }

    private static LocalDate start(State state, String endpoint, LocalDate end, int initialDays, int lookBackDays) {
        String last = state.getString(endpoint, null);
        return last == null ? end.minusDays(initialDays) : LocalDate.parse(last).minusDays(lookBackDays);
    }

    private static Map<String, Object> query(List<String> appIds, LocalDate from, LocalDate to) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("app_ids", String.join(",", appIds));
        query.put("start_date", from.toString());
        query.put("end_date", to.toString());
        return query;
    }

    /** A record of the usage endpoints as a row: its fields, the date as a date, and the OS. */
    private static Map<String, Object> row(JsonNode record, String os) {
        Map<String, Object> row = new LinkedHashMap<>();
        record.properties().forEach(field -> row.put(field.getKey(), value(field.getValue())));
        row.put("app_id", record.path("app_id").asText());
        row.put("date", date(row.get("date")));
        row.put("os", os);
        return row;
    }

    private static JsonNode array(JsonNode answer, String what) {
        if (answer == null || !answer.isArray()) {
            throw new IllegalStateException("Sensor Tower answered " + what + " without a list: " + answer);
        }
        return answer;
    }

    /** A JSON value as a Java value: text, a whole number as a long, another number as a double; objects stay JSON. */
    private static Object value(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isNull() ? null : node;
    }

    /** {@code 2024-03-01T00:00:00Z} or {@code 2024-03-01} as a date. */
    private static LocalDate date(Object value) {
        String text = String.valueOf(value);
        return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    }

    private static int positive(Configuration configuration, String key, int fallback) {
        int value = configuration.getInt(key, fallback);
        if (value < 1) {
            throw new IllegalArgumentException("configuration '" + key + "' must be at least 1");
        }
        return value;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
