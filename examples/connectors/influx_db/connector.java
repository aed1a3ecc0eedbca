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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The points of one InfluxDB measurement, over HTTP: InfluxDB 3's SQL API ({@code /api/v3/query_sql}, bearer token)
 * or InfluxDB 1's InfluxQL API ({@code /query}), as {@code api_version} says. Fully on the first sync, then the points
 * after the last time saved in state, in batches of {@code ... WHERE time > <last> ORDER BY time LIMIT n}; a batch
 * never ends inside a timestamp, so that the points that share one are never split between two batches.
 */
class connector {
    static final String CURSOR = "last_upserted_timestamp";

    static List<Table> schema(Configuration configuration) {
        Source source = source(configuration);
        List<String> key = new ArrayList<>(List.of("time"));
        key.addAll(configuration.containsKey("key_tags") ? configuration.getList("key_tags") : List.of("location"));
        Table table = Table.named(configuration.get("table", "census_table")).primaryKey(key.toArray(String[]::new));
        table.column("time", DataType.UTC_DATETIME);
        source.columns().forEach((column, type) -> {
            if (!column.equals("time") && type != null) {
                table.column(column, type);
            }
        });
        return List.of(table);
    }

    static void update(Configuration configuration, State state) {
        Source source = source(configuration);
        String table = configuration.get("table", "census_table");
        int batchSize = configuration.getInt("batch_size", 10_000);
        String saved = state.getString(CURSOR, null);
        Instant cursor = saved == null ? null : Instant.parse(saved);
        long total = 0;
        while (true) {
            List<Map<String, Object>> points = source.pointsAfter(cursor, batchSize);
            if (points.isEmpty()) {
                break;
            }
            boolean full = points.size() == batchSize;
            Instant last = time(points.get(points.size() - 1));
            List<Map<String, Object>> batch = points;
            if (full) {
                // The next batch may hold more points of the last timestamp: leave them all to it.
                Instant cut = last;
                batch = points.stream().filter(point -> time(point).isBefore(cut)).toList();
                if (batch.isEmpty()) {
                    batch = source.pointsAt(last); // one timestamp fills the batch: read all of it
                } else {
                    last = time(batch.get(batch.size() - 1));
                }
            }
            batch.forEach(point -> Operations.upsert(table, point));
            total += batch.size();
            cursor = last;
            state.put(CURSOR, cursor.toString());
            Operations.checkpoint(state);
            if (!full) {
                break;
            }
        }
        Logging.info(table + ": " + total + " points synced" + (cursor == null ? "" : ", up to " + cursor));
    }

    private static Instant time(Map<String, Object> point) {
        return (Instant) point.get("time");
    }

    static Source source(Configuration configuration) {
        String version = configuration.get("api_version", "3");
        Http.Builder http = Http.builder(configuration.require("base_url"));
        String database = configuration.require("database");
        String measurement = configuration.get("measurement", "census");
        return switch (version) {
            case "3" -> new V3(http.auth(Auth.bearer(configuration.require("token"))).build(), database, measurement);
            case "1" -> {
                String user = configuration.get("username", "");
                if (!user.isEmpty()) {
                    http.auth(Auth.basic(user, configuration.get("password", "")));
                }
                yield new V1(http.build(), database, measurement);
            }
            default -> throw new IllegalArgumentException("api_version must be 1 (InfluxQL, /query) or 3 (SQL, /api/v3/query_sql), was " + version);
        };
    }

    /** One of InfluxDB's query APIs: the measurement's points, each a row with its time as an {@link Instant}. */
    interface Source {
        /** Up to {@code limit} points after {@code time} (all when null), in time order. */
        List<Map<String, Object>> pointsAfter(Instant time, int limit);

        /** Every point at exactly {@code time}. */
        List<Map<String, Object>> pointsAt(Instant time);

        /** The measurement's columns (tags and fields) and their types; a null type is left to inference. */
        Map<String, DataType> columns();
    }

    /** InfluxDB 3: SQL over {@code GET /api/v3/query_sql?db=&q=&format=json}, which answers a JSON array of rows. */
    record V3(Http http, String database, String measurement) implements Source {
        @Override
        public List<Map<String, Object>> pointsAfter(Instant time, int limit) {
            return query("SELECT * FROM " + identifier() + (time == null ? "" : " WHERE time > '" + time + "'") + " ORDER BY time LIMIT " + limit);
        }

        @Override
        public List<Map<String, Object>> pointsAt(Instant time) {
            return query("SELECT * FROM " + identifier() + " WHERE time = '" + time + "'");
        }

        @Override
        public Map<String, DataType> columns() {
            Map<String, DataType> columns = new LinkedHashMap<>();
            JsonNode rows = http.get("/api/v3/query_sql", Map.of("db", database, "format", "json", "q",
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'iox' AND table_name = '"
                            + measurement.replace("'", "''") + "' ORDER BY ordinal_position"));
            rows.forEach(row -> columns.put(row.get("column_name").asText(), arrowType(row.get("data_type").asText())));
            return columns;
        }

        private String identifier() {
            return "\"" + measurement.replace("\"", "\"\"") + "\"";
        }

        private List<Map<String, Object>> query(String sql) {
            JsonNode rows = http.get("/api/v3/query_sql", Map.of("db", database, "format", "json", "q", sql));
            List<Map<String, Object>> points = new ArrayList<>();
            if (rows != null) {
                for (JsonNode row : rows) {
                    Map<String, Object> point = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> field : row.properties()) {
                        point.put(field.getKey(), field.getKey().equals("time") ? v3Time(field.getValue().asText()) : scalar(field.getValue()));
                    }
                    points.add(point);
                }
            }
            return points;
        }

        /** A time as the SQL API writes it: UTC without an offset ({@code 2019-08-17T00:00:00}), or with one. */
        private static Instant v3Time(String text) {
            return text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }

        /** Arrow types: tags are {@code Dictionary(Int32, Utf8)}, fields Float64, Int64, UInt64, Utf8 or Boolean. */
        private static DataType arrowType(String type) {
            return switch (type) {
                case "Float64" -> DataType.DOUBLE;
                case "Int64" -> DataType.LONG;
                case "UInt64" -> null; // up to 20 digits: inferred from the values
                case "Boolean" -> DataType.BOOLEAN;
                default -> type.startsWith("Timestamp") ? DataType.UTC_DATETIME : DataType.STRING;
            };
        }
    }

    /**
     * InfluxDB 1: InfluxQL over {@code GET /query?db=&q=&epoch=ns}, which answers {@code {"results":[{"series":[{"columns":[...],
     * "values":[[...]]}]}]}} with times in nanoseconds since the epoch.
     */
    record V1(Http http, String database, String measurement) implements Source {
        @Override
        public List<Map<String, Object>> pointsAfter(Instant time, int limit) {
            return query("SELECT * FROM " + identifier() + (time == null ? "" : " WHERE time > " + nanos(time)) + " ORDER BY time ASC LIMIT " + limit);
        }

        @Override
        public List<Map<String, Object>> pointsAt(Instant time) {
            return query("SELECT * FROM " + identifier() + " WHERE time = " + nanos(time));
        }

        @Override
        public Map<String, DataType> columns() {
            Map<String, DataType> columns = new LinkedHashMap<>();
            for (JsonNode tag : series(result("SHOW TAG KEYS FROM " + identifier()), "values")) {
                columns.put(tag.get(0).asText(), DataType.STRING);
            }
            for (JsonNode field : series(result("SHOW FIELD KEYS FROM " + identifier()), "values")) {
                columns.put(field.get(0).asText(), switch (field.get(1).asText()) {
                    case "float" -> DataType.DOUBLE;
                    case "integer" -> DataType.LONG;
                    case "unsigned" -> null; // up to 20 digits: inferred from the values
                    case "boolean" -> DataType.BOOLEAN;
                    default -> DataType.STRING;
                });
            }
            return columns;
        }

        private String identifier() {
            return "\"" + measurement.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        private static long nanos(Instant time) {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
        }

        private List<Map<String, Object>> query(String influxql) {
            JsonNode series = result(influxql).path("series").path(0);
            List<String> columns = new ArrayList<>();
            series.path("columns").forEach(column -> columns.add(column.asText()));
            List<Map<String, Object>> points = new ArrayList<>();
            for (JsonNode values : series.path("values")) {
                Map<String, Object> point = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    JsonNode value = values.get(i);
                    point.put(columns.get(i), columns.get(i).equals("time")
                            ? Instant.ofEpochSecond(Math.floorDiv(value.asLong(), 1_000_000_000L), Math.floorMod(value.asLong(), 1_000_000_000L))
                            : scalar(value));
                }
                points.add(point);
            }
            return points;
        }

        /** The one statement's result; an error of the statement (a missing database) fails the sync. */
        private JsonNode result(String influxql) {
            JsonNode result = http.get("/query", Map.of("db", database, "epoch", "ns", "q", influxql)).path("results").path(0);
            if (result.has("error")) {
                throw new IllegalStateException("InfluxDB could not run " + influxql + ": " + result.get("error").asText());
            }
            return result;
        }

        private static JsonNode series(JsonNode result, String part) {
            return result.path("series").path(0).path(part);
        }
    }

    /** A JSON scalar as the Java value the SDK writes; null for JSON null. */
    static Object scalar(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        return value.isBoolean() ? value.booleanValue() : value.asText();
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
