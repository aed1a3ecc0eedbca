package fivetran.connector.sdk.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rows of a JDBC result set as maps of the Java values the SDK writes (see {@link fivetran.connector.sdk.DataType}):
 * TIMESTAMP becomes {@code LocalDateTime}, TIMESTAMP WITH TIME ZONE ({@code timestamptz}) {@code OffsetDateTime}, DATE
 * {@code LocalDate}, NUMERIC and DECIMAL {@code BigDecimal}, integers {@code Short}/{@code Integer}/{@code Long} (widened
 * when unsigned), REAL {@code Float}, DOUBLE {@code Double}, binary types {@code byte[]}, PostgreSQL {@code json} and
 * {@code jsonb} a Jackson {@code JsonNode}, arrays a {@code List}, and anything else, TIME included, its text. Dates and
 * times of drivers without JDBC 4.2's java.time (jTDS) are read with {@code getDate} and {@code getTimestamp}.
 *
 * <pre>{@code
 * RowReader reader = RowReader.of(resultSet);
 * while (resultSet.next()) {
 *     Operations.upsert("orders", reader.read());
 * }
 * }</pre>
 */
public final class RowReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResultSet resultSet;
    private final String[] labels;
    private final SqlKind[] kinds;
    private boolean legacyTemporal;

    private RowReader(ResultSet resultSet) throws SQLException {
        this.resultSet = resultSet;
        ResultSetMetaData metadata = resultSet.getMetaData();
        labels = new String[metadata.getColumnCount()];
        kinds = new SqlKind[labels.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = metadata.getColumnLabel(i + 1);
            kinds[i] = SqlKind.of(metadata.getColumnType(i + 1), metadata.getColumnTypeName(i + 1),
                    metadata.getPrecision(i + 1), metadata.isSigned(i + 1));
        }
    }

    /** A reader of {@code resultSet}'s rows; the column types are read once, here. */
    public static RowReader of(ResultSet resultSet) throws SQLException {
        return new RowReader(resultSet);
    }

    /** The column labels, in select order. */
    public List<String> columns() {
        return List.of(labels);
    }

    /** The current row: column label to value, in select order; SQL NULL is {@code null}. */
    public Map<String, Object> read() throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>(labels.length * 2);
        for (int i = 0; i < labels.length; i++) {
            row.put(labels[i], value(i + 1));
        }
        return row;
    }

    /** The value of the current row's column at {@code column} (1-based). */
    public Object value(int column) throws SQLException {
        ResultSet rs = resultSet;
        Object value = switch (kinds[column - 1]) {
            case BOOLEAN -> rs.getBoolean(column);
            case SHORT -> rs.getShort(column);
            case INT -> rs.getInt(column);
            case LONG -> rs.getLong(column);
            case DECIMAL -> rs.getBigDecimal(column);
            case FLOAT -> rs.getFloat(column);
            case DOUBLE -> rs.getDouble(column);
            case DATE, DATETIME, UTC_DATETIME -> temporal(column, kinds[column - 1]);
            case BINARY -> rs.getBytes(column);
            case JSON -> json(rs.getString(column));
            case ARRAY -> list(rs.getArray(column));
            case XML, TEXT -> rs.getString(column);
        };
        return rs.wasNull() ? null : value;
    }

    /**
     * A date or time value by JDBC 4.2's {@code getObject(column, LocalDate.class)}; drivers older than that (jTDS
     * throws AbstractMethodError, others SQLFeatureNotSupportedException or an SQLException) are read with
     * {@code getDate}/{@code getTimestamp} from then on, a TIMESTAMP WITH TIME ZONE as the instant it denotes, in UTC.
     */
    private Object temporal(int column, SqlKind kind) throws SQLException {
        if (!legacyTemporal) {
            try {
                return switch (kind) {
                    case DATE -> resultSet.getObject(column, LocalDate.class);
                    case DATETIME -> resultSet.getObject(column, LocalDateTime.class);
                    default -> resultSet.getObject(column, OffsetDateTime.class);
                };
            } catch (AbstractMethodError | SQLException modern) {
                try {
                    Object value = legacy(column, kind);
                    legacyTemporal = true;
                    return value;
                } catch (SQLException | RuntimeException legacyFailure) {
                    if (modern instanceof SQLException failure) {
                        failure.addSuppressed(legacyFailure);
                        throw failure;
                    }
                    throw legacyFailure;
                }
            }
        }
        return legacy(column, kind);
    }

    private Object legacy(int column, SqlKind kind) throws SQLException {
        if (kind == SqlKind.DATE) {
            java.sql.Date date = resultSet.getDate(column);
            return date == null ? null : date.toLocalDate();
        }
        Timestamp timestamp = resultSet.getTimestamp(column);
        if (timestamp == null) {
            return null;
        }
        return kind == SqlKind.DATETIME ? timestamp.toLocalDateTime() : timestamp.toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    private static Object json(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("a JSON column holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<Object> list(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            List<Object> elements = new ArrayList<>();
            for (Object element : (Object[]) array.getArray()) {
                elements.add(element(element));
            }
            return elements;
        } finally {
            array.free();
        }
    }

    private static Object element(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        return value;
    }
}
