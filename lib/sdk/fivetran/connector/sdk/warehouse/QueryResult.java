package fivetran.connector.sdk.warehouse;

import fivetran.connector.sdk.internal.TextTable;
import fivetran.connector.sdk.internal.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of a query, read into memory, printable as an aligned table, CSV or JSON. */
public final class QueryResult {
    private final List<String> columns;
    private final List<List<Object>> rows;

    private QueryResult(List<String> columns, List<List<Object>> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    static QueryResult read(ResultSet result) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (result.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                row.add(value(result.getObject(i), meta.getColumnTypeName(i)));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows);
    }

    /** JDBC values as they read best: timestamps as java.time, JSON parsed, bytes as Base64 text. */
    private static Object value(Object value, String typeName) throws SQLException {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof Blob blob) {
            return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) blob.length()));
        }
        if (value != null && "JSON".equals(typeName)) {
            try {
                return Jackson.MAPPER.readTree(value.toString());
            } catch (Exception e) {
                return value.toString();
            }
        }
        return value;
    }

    /** Each row as a map of column to value, in column order. */
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (List<Object> row : rows) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                map.put(columns.get(i), row.get(i));
            }
            maps.add(map);
        }
        return maps;
    }

    private static String text(Object value) {
        if (value == null) {
            return "NULL";
        }
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    /** Prints an aligned table followed by the row count. */
    public void printTable(PrintStream out) {
        TextTable table = new TextTable(columns);
        rows.forEach(row -> table.add(row.stream().map(QueryResult::text).toList()));
        table.print(out);
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    /** Prints RFC 4180 CSV with a header line; NULL is an empty field. */
    public void printCsv(PrintStream out) throws Exception {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        List<List<String>> cells = rows.stream().map(row -> row.stream().map(v -> v == null ? "" : text(v)).toList()).toList();
        out.print(new CsvMapper().writer(schema.build()).writeValueAsString(cells));
    }

    /** Prints a JSON array with one object per row. */
    public void printJson(PrintStream out) throws Exception {
        ArrayNode array = Jackson.MAPPER.createArrayNode();
        for (List<Object> row : rows) {
            ObjectNode object = array.addObject();
            for (int i = 0; i < columns.size(); i++) {
                Object value = row.get(i);
                object.set(columns.get(i), value instanceof JsonNode node ? node : Jackson.MAPPER.valueToTree(value));
            }
        }
        out.println(Jackson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    }
}
