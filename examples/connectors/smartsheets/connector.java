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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Rows of Smartsheet sheets and reports (API 2.0), one table per sheet ({@code sheet_<name>}) and per report
 * ({@code report_<name>}), a column per Smartsheet column. A sheet whose version has not changed since the last sync is
 * skipped; a changed one is read whole (pages of GET /sheets/{id}), its new or modified rows upserted and the rows that
 * are gone deleted. Reports have no version: each is read whole, its rows upserted and the missing ones deleted.
 */
class connector {
    static final String DEFAULT_BASE_URL = "https://api.smartsheet.com/2.0";
    private static final Pattern ID = Pattern.compile("[0-9]+");
    /** The columns every sheet or report table has besides its cells. */
    private static final Set<String> FIXED = Set.of("row_id", "sheet_id", "sheet_name", "row_number", "created_at", "modified_at",
            "report_id", "report_name");

    /** A configured sheet or report: its id and the name of its table. */
    record Source(String id, String name) {
    }

    static List<Table> schema(Configuration configuration) {
        List<Table> tables = new ArrayList<>();
        for (Source sheet : sheets(configuration, null)) {
            tables.add(Table.named(table("sheet", sheet.name())).primaryKey("row_id")
                    .column("row_id", DataType.LONG).column("sheet_id", DataType.LONG).column("sheet_name", DataType.STRING)
                    .column("row_number", DataType.INT).column("created_at", DataType.UTC_DATETIME).column("modified_at", DataType.UTC_DATETIME));
        }
        for (Source report : sources(configuration, "reports")) {
            tables.add(Table.named(table("report", report.name())).primaryKey("row_id")
                    .column("row_id", DataType.LONG).column("report_id", DataType.LONG).column("report_name", DataType.STRING)
                    .column("sheet_id", DataType.LONG).column("modified_at", DataType.UTC_DATETIME));
        }
        return tables;
    }

    static void update(Configuration configuration, State state) {
        Http api = api(configuration);
        List<Source> sheets = sheets(configuration, api);
        List<Source> reports = sources(configuration, "reports");
        if (sheets.isEmpty() && reports.isEmpty()) {
            Logging.warning("no sheet or report to sync: 'sheets' is empty and the token sees no sheet, and 'reports' is empty");
        }
        int pageSize = configuration.getInt("page_size", 100);
        for (Source sheet : sheets) {
            call(sheet, () -> syncSheet(api, sheet, pageSize, state));
        }
        for (Source report : reports) {
            call(report, () -> syncReport(api, report, pageSize, state));
        }
    }

    @SuppressWarnings("unchecked")
    static void syncSheet(Http api, Source sheet, int pageSize, State state) {
        String table = table("sheet", sheet.name());
        Map<String, Object> saved = entry(state, "sheets", sheet.id());
        long version = api.get("sheets/" + sheet.id() + "/version").path("version").asLong();
        if (saved.containsKey("version") && ((Number) saved.get("version")).longValue() == version) {
            Logging.info(table + ": version " + version + " unchanged, skipped");
            return;
        }
        String since = (String) saved.get("last_modified");
        Map<String, Object> numbers = saved.get("row_numbers") instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : Map.of();
        Instant newest = since == null ? Instant.EPOCH : Instant.parse(since);
        Map<String, Object> current = new java.util.TreeMap<>();
        long upserted = 0;
        long moved = 0;
        Pages pages = Pages.of(api, "sheets/" + sheet.id(), Map.of("page", 1, "pageSize", pageSize), "/rows", Pagination.pageNumber("page", "pageSize"));
        for (Page page : pages) {
            Map<Long, JsonNode> columns = columns(page.body(), "id");
            for (JsonNode row : page.items()) {
                String id = row.path("id").asText();
                Integer number = row.path("rowNumber").isNumber() ? row.get("rowNumber").intValue() : null;
                current.put(id, number);
                Instant modified = instant(row.path("modifiedAt"));
                if (since != null && modified != null && !modified.isAfter(Instant.parse(since))) {
                    // unchanged since the last sync, but rows above it may have been added or deleted
                    if (number != null && numbers.get(id) instanceof Number before && before.intValue() != number) {
                        Operations.update(table, Map.of("row_id", Long.parseLong(id), "row_number", number));
                        moved++;
                    }
                    continue;
                }
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("row_id", Long.parseLong(id));
                values.put("sheet_id", Long.parseLong(sheet.id()));
                values.put("sheet_name", page.body().path("name").asText(sheet.name()));
                values.put("row_number", number);
                values.put("created_at", instant(row.path("createdAt")));
                values.put("modified_at", modified);
                cells(row, columns, "columnId", values);
                Operations.upsert(table, values);
                upserted++;
                if (modified != null && modified.isAfter(newest)) {
                    newest = modified;
                }
            }
            Operations.checkpoint(state);   // this page's rows; the sheet's entry changes only once it is read whole
        }
        long deleted = deleteMissing(table, numbers.keySet(), current.keySet());
        saved.put("version", version);
        saved.put("last_modified", newest.toString());
        saved.put("row_numbers", current);
        Operations.checkpoint(state);
        Logging.info(table + ": version " + version + ", " + current.size() + " rows, " + upserted + " new or modified, " + moved + " renumbered, " + deleted + " deleted");
    }

    static void syncReport(Http api, Source report, int pageSize, State state) {
        String table = table("report", report.name());
        Map<String, Object> saved = entry(state, "reports", report.id());
        Set<String> current = new TreeSet<>();
        Pages pages = Pages.of(api, "reports/" + report.id(), Map.of("page", 1, "pageSize", pageSize), "/rows", Pagination.pageNumber("page", "pageSize"));
        for (Page page : pages) {
            Map<Long, JsonNode> columns = columns(page.body(), "virtualId");
            for (JsonNode row : page.items()) {
                current.add(row.path("id").asText());
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("row_id", row.path("id").asLong());
                values.put("report_id", Long.parseLong(report.id()));
                values.put("report_name", page.body().path("name").asText(report.name()));
                values.put("sheet_id", row.path("sheetId").isNumber() ? row.get("sheetId").longValue() : null);
                values.put("modified_at", instant(row.path("modifiedAt")));
                cells(row, columns, "virtualColumnId", values);
                Operations.upsert(table, values);
            }
            Operations.checkpoint(state);
        }
        long deleted = deleteMissing(table, saved.get("row_ids") instanceof List<?> ids ? ids : List.of(), current);
        saved.put("row_ids", List.copyOf(current));
        Operations.checkpoint(state);
        Logging.info(table + ": " + current.size() + " rows, " + deleted + " deleted");
    }

    /** Rows of the last complete read that this one did not see were deleted in Smartsheet. */
    private static long deleteMissing(String table, java.util.Collection<?> previous, Set<String> current) {
        long deleted = 0;
        for (Object id : previous) {
            if (!current.contains(id.toString())) {
                Operations.delete(table, Map.of("row_id", Long.parseLong(id.toString())));
                deleted++;
            }
        }
        return deleted;
    }

    /** The columns of a sheet or report page by id ({@code id}, or a report's {@code virtualId}). */
    private static Map<Long, JsonNode> columns(JsonNode body, String idField) {
        Map<Long, JsonNode> columns = new HashMap<>();
        body.path("columns").forEach(column -> columns.put(column.path(idField).asLong(), column));
        return columns;
    }

    /**
     * Each cell as a column named after its column's title: CHECKBOX as a boolean, DATE as a date, DATETIME and
     * ABSTRACT_DATETIME as a time, anything else as the text Smartsheet displays (its value when it has no display value).
     */
    private static void cells(JsonNode row, Map<Long, JsonNode> columns, String columnIdField, Map<String, Object> values) {
        for (JsonNode cell : row.path("cells")) {
            long columnId = cell.path(columnIdField).asLong();
            JsonNode column = columns.get(columnId);
            String title = column == null ? "col_" + columnId : column.path("title").asText();
            if (FIXED.contains(title.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_"))) {
                title = "col_" + title;   // a column titled like a fixed one ("Row ID", "Sheet Name"…) keeps its value apart
            }
            values.put(title, value(cell, column == null ? "TEXT_NUMBER" : column.path("type").asText("TEXT_NUMBER")));
        }
    }

    static Object value(JsonNode cell, String type) {
        JsonNode value = cell.path("value");
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            return switch (type) {
                case "CHECKBOX" -> value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asText());
                case "DATE" -> LocalDate.parse(value.asText());
                case "DATETIME", "ABSTRACT_DATETIME" -> Instant.parse(value.asText());
                default -> cell.path("displayValue").isTextual() ? cell.get("displayValue").asText() : value.asText();
            };
        } catch (DateTimeParseException e) {
            return cell.path("displayValue").asText(value.asText());
        }
    }

    private static Instant instant(JsonNode value) {
        return value.isTextual() ? Instant.parse(value.asText()) : null;
    }

    /** The state entry of one sheet or report, {"sheets": {"<id>": {...}}}, created when absent. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(State state, String kind, String id) {
        Map<String, Object> all = state.get(kind) instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
        Map<String, Object> entry = all.get(id) instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
        all.put(id, entry);
        state.put(kind, all);
        return entry;
    }

    /** A call about one sheet or report, its 401, 403 and 404 answered with what to check. */
    private static void call(Source source, Runnable sync) {
        call(source, () -> {
            sync.run();
            return null;
        });
    }

    private static <T> T call(Source source, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (HttpException e) {
            switch (e.status()) {
                case 401 -> throw new IllegalStateException("Smartsheet refused the token of configuration 'api_token' (401): " + e.getMessage(), e);
                case 403, 404 -> throw new IllegalStateException("Smartsheet has no " + source.id() + " that the token of 'api_token' may read ("
                        + e.status() + "): check the id in configuration 'sheets' or 'reports': " + e.getMessage(), e);
                default -> throw e;
            }
        }
    }

    static Http api(Configuration configuration) {
        return Http.builder(configuration.get("base_url", DEFAULT_BASE_URL) + "/")
                .auth(Auth.bearer(configuration.require("api_token")))
                .rateLimit(configuration.getInt("requests_per_minute", 60), Duration.ofMinutes(1))
                .build();
    }

    /** The configured sheets, or, when 'sheets' is empty, every sheet the token sees (GET /sheets?includeAll=true). */
    static List<Source> sheets(Configuration configuration, Http api) {
        List<Source> configured = sources(configuration, "sheets");
        if (!configured.isEmpty()) {
            return configured;
        }
        Http client = api == null ? api(configuration) : api;
        List<Source> all = new ArrayList<>();
        JsonNode listing = call(new Source("(the sheet list)", ""), () -> client.get("sheets", Map.of("includeAll", true)));
        listing.path("data").forEach(sheet -> all.add(new Source(sheet.path("id").asText(), sheet.path("name").asText())));
        return all;
    }

    /** {@code id:name,id:name} of a configuration key. */
    static List<Source> sources(Configuration configuration, String key) {
        List<Source> sources = new ArrayList<>();
        for (String item : configuration.getList(key)) {
            int colon = item.indexOf(':');
            String id = colon < 0 ? item : item.substring(0, colon).strip();
            String name = colon < 0 ? "" : item.substring(colon + 1).strip();
            if (!ID.matcher(id).matches() || name.isEmpty()) {
                throw new IllegalArgumentException("configuration '" + key + "': each item must be <id>:<table name>, such as 4583173393803140:project_plan");
            }
            sources.add(new Source(id, name));
        }
        return sources;
    }

    static String table(String prefix, String name) {
        return prefix + "_" + name;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
