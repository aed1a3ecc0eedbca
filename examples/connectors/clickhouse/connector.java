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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ClickHouse table over ClickHouse's HTTP interface (port 8123), with no JDBC driver, so that it works with servers
 * old and new: fully on the first sync, then the rows created after the (created_at, id) saved in state, in batches
 * of {@code SELECT ... ORDER BY created_at, id LIMIT n FORMAT JSON}, a checkpoint after each. The columns and their
 * types come from the server ({@code LIMIT 0}), and the rows are written to the table that schema() declares, named
 * as the source table.
 */
class connector {
    /** {@code 2024-01-01 10:00:00}, and DateTime64's fraction ({@code .123}) where there is one. */
    private static final DateTimeFormatter CLICKHOUSE_DATETIME = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();
    private static final Pattern DECIMAL = Pattern.compile("Decimal(?:\\d+)?\\((\\d+), ?(\\d+)\\)");
    private static final Pattern DATETIME_ZONE = Pattern.compile("DateTime(?:64)?\\((?:\\d+, ?)?'(.+)'\\)");

    static List<Table> schema(Configuration configuration) {
        Source source = Source.of(configuration);
        Table table = Table.named(source.table).primaryKey("id");
        for (ClickHouseColumn column : source.columns()) {
            Matcher decimal = DECIMAL.matcher(column.type);
            if (decimal.matches() && Integer.parseInt(decimal.group(1)) <= 38) {
                table.decimal(column.name, Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
            } else if (column.dataType() != null) {
                table.column(column.name, column.dataType());
            }
        }
        return List.of(table);
    }

    static void update(Configuration configuration, State state) {
        Source source = Source.of(configuration);
        int batchSize = configuration.getInt("batch_size", 10_000);
        ZoneId serverZone = ZoneId.of(source.query("SELECT timezone() AS zone").get(0).get("zone").asText());
        List<ClickHouseColumn> columns = source.columns();
        ClickHouseColumn id = columns.stream().filter(column -> column.name.equals("id")).findFirst()
                .orElseThrow(() -> new IllegalStateException(source.table + " has no column id"));
        // Decimals as text, so that no digit is lost to a JSON number read as a double.
        String selectList = String.join(", ", columns.stream()
                .map(column -> column.bare().startsWith("Decimal") ? "toString(" + quote(column.name) + ") AS " + quote(column.name) : quote(column.name))
                .toList());

        @SuppressWarnings("unchecked")
        Map<String, Object> position = (Map<String, Object>) state.get(source.table);
        long total = 0;
        while (true) {
            String where = position == null ? "" : " WHERE (created_at > toDateTime(" + epochSecond(position) + ") OR (created_at = toDateTime("
                    + epochSecond(position) + ") AND id > " + literal(id, position.get("id")) + "))";
            List<JsonNode> rows = source.query("SELECT " + selectList + " FROM " + quote(source.table) + where
                    + " ORDER BY created_at, id LIMIT " + batchSize);
            for (JsonNode row : rows) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (ClickHouseColumn column : columns) {
                    values.put(column.name, column.value(row.get(column.name), serverZone));
                }
                Operations.upsert(source.table, values);
                position = new LinkedHashMap<>();
                Object createdAt = values.get("created_at"); // null for the zero DateTime, which is the epoch
                position.put("created_at", (createdAt == null ? Instant.EPOCH : createdAt).toString());
                position.put("id", values.get("id"));
            }
            total += rows.size();
            if (!rows.isEmpty()) {
                state.put(source.table, position);
                Operations.checkpoint(state);
            }
            if (rows.size() < batchSize) {
                break;
            }
        }
        Logging.info(source.table + ": " + total + " rows synced" + (position == null ? "" : ", position " + position));
    }

    private static long epochSecond(Map<String, Object> position) {
        return Instant.parse(position.get("created_at").toString()).getEpochSecond();
    }

    /** The saved id as a SQL literal of the id column's type. */
    private static String literal(ClickHouseColumn id, Object value) {
        if (value instanceof Number || id.dataType() != null && id.dataType().isNumeric()) {
            return new BigDecimal(value.toString()).toPlainString();
        }
        return "'" + value.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /** The server, database and table of the configuration. */
    private record Source(Http http, String database, String table) {
        static Source of(Configuration configuration) {
            Http http = Http.builder(configuration.require("base_url"))
                    .header("X-ClickHouse-User", configuration.get("username", "default"))
                    .header("X-ClickHouse-Key", configuration.get("password", ""))
                    .build();
            return new Source(http, configuration.require("database"), configuration.get("table", "sample_table"));
        }

        /** The rows of a read-only query (a GET, which ClickHouse runs read-only), from its FORMAT JSON answer. */
        List<JsonNode> query(String sql) {
            JsonNode answer = http.get("/", Map.of("database", database, "query", sql + " FORMAT JSON"));
            List<JsonNode> rows = new ArrayList<>();
            answer.path("data").forEach(rows::add);
            return rows;
        }

        /** The table's columns and their ClickHouse types, from the metadata of a query that reads no row. */
        List<ClickHouseColumn> columns() {
            JsonNode answer = http.get("/", Map.of("database", database, "query", "SELECT * FROM " + quote(table) + " LIMIT 0 FORMAT JSON"));
            List<ClickHouseColumn> columns = new ArrayList<>();
            answer.path("meta").forEach(column -> columns.add(new ClickHouseColumn(column.get("name").asText(), column.get("type").asText())));
            return columns;
        }
    }

    /** A column and its ClickHouse type, e.g. {@code Nullable(Decimal(10, 2))}. */
    private record ClickHouseColumn(String name, String type) {
        /** The type without Nullable(...) and LowCardinality(...). */
        String bare() {
            String bare = type;
            while (bare.matches("(Nullable|LowCardinality)\\(.*\\)")) {
                bare = bare.substring(bare.indexOf('(') + 1, bare.length() - 1);
            }
            return bare;
        }

        /** The destination type; null for a Decimal wider than the destination's, whose type is inferred. */
        DataType dataType() {
            String bare = bare();
            if (bare.startsWith("Decimal")) {
                return null;
            }
            return switch (bare) {
                case "Int8", "UInt8", "Int16" -> DataType.SHORT;
                case "UInt16", "Int32" -> DataType.INT;
                case "UInt32", "Int64" -> DataType.LONG;
                case "UInt64" -> null; // up to 20 digits: a DECIMAL(20, 0), inferred from the BigDecimal values
                case "Float32" -> DataType.FLOAT;
                case "Float64" -> DataType.DOUBLE;
                case "Date" -> DataType.NAIVE_DATE;
                default -> bare.startsWith("DateTime") ? DataType.UTC_DATETIME
                        : bare.startsWith("Array") || bare.startsWith("Tuple") || bare.startsWith("Nested") || bare.startsWith("Map") ? DataType.JSON
                        : DataType.STRING;
            };
        }

        /** A value of FORMAT JSON as the destination type: 64-bit integers and decimals come quoted, times in a zone. */
        Object value(JsonNode node, ZoneId serverZone) {
            if (node == null || node.isNull()) {
                return null;
            }
            String bare = bare();
            if (bare.startsWith("Decimal") || bare.equals("UInt64")) {
                return new BigDecimal(node.asText());
            }
            if (bare.equals("Int64") || bare.equals("UInt32")) {
                return Long.parseLong(node.asText());
            }
            if (bare.startsWith("Date") && node.asText().startsWith("0000-00-00")) {
                return null; // ClickHouse's zero date, which no calendar has
            }
            if (bare.equals("Date")) {
                return LocalDate.parse(node.asText());
            }
            if (bare.startsWith("DateTime")) {
                Matcher zone = DATETIME_ZONE.matcher(bare);
                ZoneId in = zone.matches() ? ZoneId.of(zone.group(1)) : serverZone;
                return LocalDateTime.parse(node.asText(), CLICKHOUSE_DATETIME).atZone(in).toInstant();
            }
            if (node.isContainerNode()) {
                return node;
            }
            if (node.isNumber()) {
                return node.numberValue();
            }
            return node.isBoolean() ? node.booleanValue() : node.asText();
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
