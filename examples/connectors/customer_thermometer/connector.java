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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Customer Thermometer's REST API (one URL, {@code api.php}, the method in {@code getMethod}, the key in {@code apiKey}):
 * comments and blast results by date window, incremental; recipient lists and thermometers in full, with deletes; and
 * the account's metrics, plain-text numbers, one row per metric and sync.
 */
class connector {
    static final String API = "https://app.customerthermometer.com";
    static final String PATH = "/api.php";

    /** A table read from an XML list: its getMethod, the repeated element under the root, its key, and whether it is read by date. */
    record Listing(String table, String method, String item, List<String> key, boolean byDate) {
    }

    static final List<Listing> LISTINGS = List.of(
            new Listing("comment", "getComments", "comment", List.of("response_id", "date_submitted"), true),
            new Listing("blast_result", "getBlastResults", "thermometer_blast_response",
                    List.of("blast_id", "response_id", "thermometer_id", "date_submitted"), true),
            new Listing("recipient_list", "getRecipientLists", "recipient_list", List.of("id"), false),
            new Listing("thermometer", "getThermometers", "thermometer", List.of("id"), false));

    static final List<String> METRICS = List.of("getNumResponsesValue", "getResponseRateValue", "getTempRatingValue", "getNPSValue",
            "getHappinessValue", "getSendQuota");

    static List<Table> schema(Configuration configuration) {
        List<Table> tables = new ArrayList<>();
        for (Listing listing : LISTINGS) {
            Table table = Table.named(listing.table()).primaryKey(listing.key().toArray(String[]::new));
            listing.key().forEach(column -> table.column(column, DataType.STRING));
            tables.add(table);
        }
        tables.add(Table.named("metric").primaryKey("metric_name", "recorded_at")
                .column("metric_name", DataType.STRING).column("recorded_at", DataType.UTC_DATETIME)
                .column("metric_value", DataType.STRING).column("from_date", DataType.NAIVE_DATE).column("to_date", DataType.NAIVE_DATE));
        return tables;
    }

    static void update(Configuration configuration, State state) {
        Http api = Http.builder(API).auth(Auth.apiKeyQuery("apiKey", configuration.require("api_key"))).build();
        LocalDate start = configuration.getDate("from_date", LocalDate.of(1970, 1, 1));
        int windowDays = configuration.getInt("window_days", 365);
        if (windowDays < 1) {
            throw new IllegalArgumentException("configuration 'window_days' must be at least 1");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate end = configuration.getDate("to_date", today);
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("configuration 'to_date' must not be before 'from_date'");
        }
        if (end.isAfter(today)) {
            end = today;
        }

        for (Listing listing : LISTINGS) {
            if (listing.byDate()) {
                syncByDate(api, listing, state, start, end, windowDays);
            } else {
                syncInFull(api, listing, state);
            }
        }
        syncMetrics(api, state, start, end);
    }

    /**
     * Windows from the cursor (or from_date) to {@code end} (to_date, or today), both dates inclusive in each request.
     * The cursor becomes each window's end, and at most {@code end}: today's answers may still grow, so the next sync
     * reads that day again.
     */
    static void syncByDate(Http api, Listing listing, State state, LocalDate start, LocalDate end, int windowDays) {
        String cursorKey = listing.table() + "_from_date";
        LocalDate from = LocalDate.parse(state.getString(cursorKey, start.toString()));
        int rows = 0;
        for (TimeWindows.Window window : TimeWindows.forward(instant(from), instant(end.plusDays(1)), Duration.ofDays(windowDays))) {
            LocalDate windowStart = LocalDate.ofInstant(window.start(), ZoneOffset.UTC);
            LocalDate windowEnd = LocalDate.ofInstant(window.end(), ZoneOffset.UTC);
            JsonNode answer = api.getXml(PATH, query(listing.method(), windowStart, windowEnd.minusDays(1)));
            rows += upsertItems(listing, answer);
            state.put(cursorKey, (windowEnd.isAfter(end) ? end : windowEnd).toString());
            Operations.checkpoint(state);
        }
        Logging.info(listing.table() + ": " + rows + " rows from " + from + " to " + end);
    }

    /** A full list: what the API no longer lists is marked deleted (truncate, then the list, in one checkpoint). */
    static void syncInFull(Http api, Listing listing, State state) {
        JsonNode answer = api.getXml(PATH, Map.of("getMethod", listing.method()));
        Operations.truncate(listing.table());
        int rows = upsertItems(listing, answer);
        Operations.checkpoint(state);
        Logging.info(listing.table() + ": " + rows + " rows (the whole list)");
    }

    /** Each metric's plain-text value over [cursor, end], recorded with the time of this sync. */
    static void syncMetrics(Http api, State state, LocalDate start, LocalDate end) {
        LocalDate from = LocalDate.parse(state.getString("metric_from_date", start.toString()));
        Instant recordedAt = Instant.now();
        for (String method : METRICS) {
            String value = api.getText(PATH, query(method, from, end), "text/plain").strip();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("metric_name", method.replaceFirst("^get", "").replaceFirst("Value$", "").toLowerCase(Locale.ROOT));
            row.put("recorded_at", recordedAt);
            row.put("metric_value", value.isEmpty() ? null : value);
            row.put("from_date", from);
            row.put("to_date", end);
            Operations.upsert("metric", row);
        }
        state.put("metric_from_date", end.toString());
        Operations.checkpoint(state);
    }

    /**
     * Upserts each repeated element of the answer, its child elements as columns. The XML tree has the item once as
     * an object, several times as an array, and no item as an empty root (no field, or empty text).
     */
    static int upsertItems(Listing listing, JsonNode answer) {
        JsonNode items = answer == null ? null : answer.get(listing.item());
        if (items == null || items.isMissingNode() || items.isNull()) {
            return 0;
        }
        int rows = 0;
        for (JsonNode item : items.isArray() ? items : List.of(items)) {
            Map<String, Object> row = new LinkedHashMap<>();
            item.properties().forEach(field -> row.put(field.getKey(), value(field.getValue())));
            for (String key : listing.key()) {
                if (row.get(key) == null) {
                    throw new IllegalStateException(listing.method() + " returned a " + listing.item() + " without " + key + ": " + item);
                }
            }
            Operations.upsert(listing.table(), row);
            rows++;
        }
        return rows;
    }

    /** An element's text (an empty element is null); an element with children stays a JSON object. */
    private static Object value(JsonNode node) {
        if (node.isValueNode()) {
            String text = node.asText();
            return text.isEmpty() ? null : text;
        }
        return node;
    }

    private static Map<String, String> query(String method, LocalDate from, LocalDate to) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("getMethod", method);
        query.put("fromDate", from.toString());
        query.put("endDate", to.toString());
        return query;
    }

    private static Instant instant(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
