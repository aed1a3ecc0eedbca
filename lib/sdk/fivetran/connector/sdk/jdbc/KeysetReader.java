package fivetran.connector.sdk.jdbc;

import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyset-incremental reads of a source table: the rows after the last replication-key value saved in state, in
 * replication-key order, streamed with a fetch size and checkpointed every N rows, so an interrupted sync resumes
 * exactly after the last committed row.
 *
 * <pre>{@code
 * KeysetReader.of("orders").replicationKey("updated_at", "id").upsertInto("orders", source, state);
 * }</pre>
 *
 * The position is saved in state under the source table's name (or {@link #stateKey}) as a JSON object, e.g.
 * {@code {"orders": {"updated_at": "2024-05-01T10:00:00.123", "id": 42}}}. The replication-key columns must be NOT
 * NULL and, together, unique (end with the primary key), and the source should index them in that order. A row whose
 * key changes to a value below the saved position (a transaction that commits late with an older timestamp) is
 * missed until its next change; a column set by the database at commit time, or a sequence, avoids that.
 */
public final class KeysetReader {
    private final String sourceTable;
    private final List<String> replicationKey = new ArrayList<>();
    private String columns = "*";
    private String condition;
    private String stateKey;
    private int fetchSize = 1_000;
    private int checkpointEvery = 1_000;

    private KeysetReader(String sourceTable) {
        this.sourceTable = sourceTable;
        this.stateKey = sourceTable;
    }

    /** A reader of {@code sourceTable}, written as SQL names it ({@code orders}, {@code sales.orders}). */
    public static KeysetReader of(String sourceTable) {
        return new KeysetReader(sourceTable);
    }

    /** The replication-key columns, most significant first, e.g. {@code ("updated_at", "id")}. Required. */
    public KeysetReader replicationKey(String... columnNames) {
        replicationKey.clear();
        replicationKey.addAll(List.of(columnNames));
        return this;
    }

    /** The SQL select list; {@code *} by default. It must include the replication-key columns. */
    public KeysetReader columns(String selectList) {
        this.columns = selectList;
        return this;
    }

    /** An extra SQL condition the rows must meet, without parameters, e.g. {@code "region = 'eu'"}. */
    public KeysetReader where(String sqlCondition) {
        this.condition = sqlCondition;
        return this;
    }

    /** The state key that holds the position; the source table's name by default. */
    public KeysetReader stateKey(String key) {
        this.stateKey = key;
        return this;
    }

    /** How many rows the driver fetches at a time; 1,000 by default. */
    public KeysetReader fetchSize(int rows) {
        this.fetchSize = positive(rows, "fetch size");
        return this;
    }

    /** How many rows are read between two checkpoints; 1,000 by default. */
    public KeysetReader checkpointEvery(int rows) {
        this.checkpointEvery = positive(rows, "checkpoint interval");
        return this;
    }

    /** Reads the new rows and upserts each into {@code destinationTable}. */
    public long upsertInto(String destinationTable, Connection source, State state) throws SQLException {
        return read(source, state, row -> Operations.upsert(destinationTable, row));
    }

    /**
     * Hands each row after the saved position to {@code handler}, then advances the position in {@code state};
     * checkpoints {@code state} every {@link #checkpointEvery} rows and after the last one.
     *
     * @return the number of rows read
     */
    public long read(Connection source, State state, Jdbc.RowHandler handler) throws SQLException {
        if (replicationKey.isEmpty()) {
            throw new IllegalStateException("KeysetReader of '" + sourceTable + "': replicationKey(...) is required");
        }
        Map<String, Object> position = savedPosition(state);
        List<Object> parameters = position == null ? List.of() : parameters(source, position);
        List<String> conditions = new ArrayList<>();
        if (position != null) {
            conditions.add(after(replicationKey.size()));
        }
        if (condition != null) {
            conditions.add("(" + condition + ")");
        }
        String sql = "SELECT " + columns + " FROM " + sourceTable
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY " + String.join(", ", replicationKey);
        Logging.info(stateKey + ": reading rows " + (position == null ? "from the start" : "after " + position));
        long[] sinceCheckpoint = {0};
        long count = Jdbc.stream(source, sql, parameters, fetchSize, row -> {
            Map<String, Object> rowPosition = positionOf(row); // before the handler, which may change the row
            handler.accept(row);
            state.put(stateKey, rowPosition);
            if (++sinceCheckpoint[0] == checkpointEvery) {
                Operations.checkpoint(state);
                sinceCheckpoint[0] = 0;
            }
        });
        if (sinceCheckpoint[0] > 0) {
            Operations.checkpoint(state);
        }
        Logging.info(stateKey + ": " + count + " rows read" + (count == 0 ? "" : ", position " + state.get(stateKey)));
        return count;
    }

    /** {@code (k1 > ? OR (k1 = ? AND (k2 > ? OR ...)))}: a row-value comparison every database can index. */
    private String after(int keys) {
        String column = replicationKey.get(replicationKey.size() - keys);
        if (keys == 1) {
            return column + " > ?";
        }
        return "(" + column + " > ? OR (" + column + " = ? AND " + after(keys - 1) + "))";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> savedPosition(State state) {
        Object saved = state.get(stateKey);
        if (saved == null) {
            return null;
        }
        if (!(saved instanceof Map<?, ?> map) || !map.keySet().containsAll(replicationKey)) {
            throw new IllegalArgumentException("state key '" + stateKey + "' does not hold a position of " + replicationKey + ": " + saved);
        }
        return (Map<String, Object>) map;
    }

    /** The saved values as the parameters of {@link #after}, typed as the key columns are. */
    private List<Object> parameters(Connection source, Map<String, Object> position) throws SQLException {
        List<Object> typed = new ArrayList<>();
        String probe = "SELECT " + String.join(", ", replicationKey) + " FROM " + sourceTable + " WHERE 1 = 0";
        try (Statement statement = source.createStatement(); ResultSet empty = statement.executeQuery(probe)) {
            ResultSetMetaData metadata = empty.getMetaData();
            for (int i = 0; i < replicationKey.size(); i++) {
                SqlKind kind = SqlKind.of(metadata.getColumnType(i + 1), metadata.getColumnTypeName(i + 1),
                        metadata.getPrecision(i + 1), metadata.isSigned(i + 1));
                typed.add(restore(kind, position.get(replicationKey.get(i))));
            }
        }
        List<Object> parameters = new ArrayList<>();
        for (int keys = typed.size(); keys >= 1; keys--) {
            Object value = typed.get(typed.size() - keys);
            parameters.add(value);
            if (keys > 1) {
                parameters.add(value);
            }
        }
        return parameters;
    }

    private static Object restore(SqlKind kind, Object saved) {
        if (!(saved instanceof String text)) {
            return saved;
        }
        return switch (kind) {
            case DATE -> LocalDate.parse(text);
            case DATETIME -> LocalDateTime.parse(text);
            case UTC_DATETIME -> OffsetDateTime.parse(text);
            case DECIMAL -> new BigDecimal(text);
            default -> text;
        };
    }

    private Map<String, Object> positionOf(Map<String, Object> row) {
        Map<String, Object> position = new LinkedHashMap<>();
        for (String column : replicationKey) {
            Object value = valueOf(row, column);
            if (value == null) {
                throw new IllegalStateException(sourceTable + ": replication-key column '" + column + "' is NULL in row " + row);
            }
            position.put(column, value instanceof Temporal || value instanceof BigDecimal || !(value instanceof Number)
                    ? text(value) : value);
        }
        return position;
    }

    private static String text(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    private static Object valueOf(Map<String, Object> row, String column) {
        if (row.containsKey(column)) {
            return row.get(column);
        }
        for (Map.Entry<String, Object> entry : row.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(column)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static int positive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + value);
        }
        return value;
    }
}
