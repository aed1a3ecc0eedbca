package fivetran.connector.sdk.warehouse;

import fivetran.connector.sdk.internal.Jackson;
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

/** The rows of a query, read into memory; {@link fivetran.connector.sdk.internal.ResultOutput} prints them. */
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

    /** The column labels, in order. */
    public List<String> columns() {
        return columns;
    }

    /** Each row as its values in column order. */
    public List<List<Object>> values() {
        return rows;
    }
}
