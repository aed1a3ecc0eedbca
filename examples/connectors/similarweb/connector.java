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
import fivetran.connector.sdk.http.AsyncJob;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.util.Csv;
import fivetran.connector.sdk.util.TimeWindows;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily website traffic from Similarweb's Batch API, an asynchronous report: the connector requests a report of the
 * traffic_and_engagement table for its domains, countries and metrics, polls the report's status with AsyncJob, and
 * downloads the CSV it names. A long range is asked for as several reports, each checkpointed with the last day it holds.
 */
class connector {
    static final String BASE_URL = "https://api.similarweb.com";
    static final String TABLE = "all_traffic_visits";

    static final List<String> DEFAULT_DOMAINS = List.of("chat.mistral.ai", "chat.deepseek.com", "grok.com", "meta.ai", "chatgpt.com",
            "gemini.google.com", "character.ai", "claude.ai", "copilot.microsoft.com", "perplexity.ai", "poe.com");

    static List<Table> schema(Configuration configuration) {
        Table table = Table.named(TABLE).primaryKey("domain", "country", "date")
                .column("domain", DataType.STRING).column("country", DataType.STRING).column("date", DataType.NAIVE_DATE);
        metrics(configuration).forEach(metric -> table.column(metric, DataType.DOUBLE));
        return List.of(table);
    }

    static List<String> metrics(Configuration configuration) {
        List<String> metrics = configuration.getList("metrics");
        return metrics.isEmpty() ? List.of("all_traffic_visits") : metrics;
    }

    static void update(Configuration configuration, State state) {
        Http api = Http.builder(BASE_URL).auth(Auth.apiKeyHeader("api-key", configuration.require("api_key"))).build();
        List<String> domains = configuration.getList("domains").isEmpty() ? DEFAULT_DOMAINS : configuration.getList("domains");
        List<String> countries = configuration.getList("countries").isEmpty() ? List.of("WW", "US") : configuration.getList("countries");
        List<String> metrics = metrics(configuration);
        int windowDays = positive(configuration, "window_days", 31);
        AsyncJob polling = AsyncJob.every(Duration.ofMillis((long) (configuration.getDouble("poll_interval_seconds", 5) * 1000)))
                .atMost(Duration.ofMinutes(1)).timeout(Duration.ofMinutes(positive(configuration, "report_timeout_minutes", 60)));

        // Similarweb's daily data lags by a few days; the last day synced is read again, as it may have been revised
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate end = today.minusDays(positive(configuration, "delay_days", 4));
        LocalDate until = configuration.getDate("end_date", null);
        if (until != null && until.isBefore(end)) {
            end = until;
        }
        String last = state.getString("end_date", null);
        LocalDate start = last == null ? end.minusDays(positive(configuration, "initial_days", 60) - 1L) : LocalDate.parse(last);
        if (last != null && !end.isAfter(start)) {
            Logging.info("no day after " + last + " to sync yet (the last day to sync is " + end + ")");
            return;
        }
        for (TimeWindows.Window window : TimeWindows.forward(start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), Duration.ofDays(windowDays))) {
            LocalDate from = LocalDate.ofInstant(window.start(), ZoneOffset.UTC);
            LocalDate to = LocalDate.ofInstant(window.end(), ZoneOffset.UTC).minusDays(1);
            String id = requestReport(api, domains, countries, metrics, from, to, today);
            JsonNode done = polling.await("Similarweb report " + id, () -> api.get("/v3/batch/request-status/" + id), status ->
                    switch (status.path("status").asText()) {
                        case "completed" -> AsyncJob.Status.SUCCEEDED;
                        case "failed", "bad_request" -> AsyncJob.Status.FAILED;
                        default -> AsyncJob.Status.RUNNING;
                    });
            String url = done.path("download_url").asText("");
            if (url.isEmpty()) {
                throw new IllegalStateException("Similarweb report " + id + " completed without a download_url: " + done);
            }
            int rows = 0;
            // the download URL is a signed link to another host: Http sends it no api-key
            for (Map<String, String> line : Csv.rows(api.getText(url, Map.of(), "text/csv"))) {
                Operations.upsert(TABLE, row(line, metrics));
                rows++;
            }
            state.put("end_date", to.toString());
            Operations.checkpoint(state);
            Logging.info("report " + id + ": " + rows + " rows from " + from + " to " + to);
        }
    }

    static String requestReport(Http api, List<String> domains, List<String> countries, List<String> metrics, LocalDate from,
                                LocalDate to, LocalDate today) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("vtable", "traffic_and_engagement");
        table.put("granularity", "daily");
        table.put("filters", Map.of("domains", domains, "countries", countries, "include_subdomains", true));
        table.put("metrics", metrics);
        table.put("start_date", from.toString());
        table.put("end_date", to.toString());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("delivery_information", Map.of("response_format", "csv"));
        request.put("report_query", Map.of("tables", List.of(table)));
        request.put("report_name", "Fivetran_Sync_" + today + "_" + from + "_" + to);
        JsonNode answer = api.post("/batch/v4/request-report", request);
        String id = answer == null ? "" : answer.path("report_id").asText("");
        if (id.isEmpty()) {
            throw new IllegalStateException("Similarweb did not return a report_id for the report from " + from + " to " + to + ": " + answer);
        }
        Logging.info("requested report " + id + " from " + from + " to " + to);
        return id;
    }

    /** A CSV line as a row: the date as a date, each metric as a number (an empty field is null). */
    static Map<String, Object> row(Map<String, String> line, List<String> metrics) {
        Map<String, Object> row = new LinkedHashMap<>(line);
        row.put("date", LocalDate.parse(line.get("date")));
        for (String metric : metrics) {
            String value = line.get(metric);
            row.put(metric, value == null ? null : Double.valueOf(value));
        }
        return row;
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
