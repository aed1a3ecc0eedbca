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
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keyset-incremental reads of a source table: the rows after the last replication-key value saved in state, in
 * replication-key order, streamed with a fetch size and checkpointed every 100,000 rows or 5 seconds, whichever comes
 * first, so an interrupted sync resumes exactly after the last committed row.
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
    private List<Object> conditionParameters = List.of();
    private Dialect dialect = Dialect.ANSI;
    private int limit;
    private String stateKey;
    private int fetchSize = 1_000;
    private int checkpointEvery = 100_000;
    private Duration checkpointInterval = Duration.ofSeconds(5);

    private KeysetReader(String sourceTable) {
        this.sourceTable = sourceTable;
        this.stateKey = sourceTable;
    }

    /** A reader of {@code sourceTable}, written as SQL names it ({@code orders}, {@code sales.orders}). */
    public static KeysetReader of(String sourceTable) {
        return new KeysetReader(sourceTable);
    }

    /**
     * The replication-key columns, most significant first, e.g. {@code ("updated_at", "id")}. Required. A name may be
     * quoted in the {@link #dialect}'s way ({@code "[Order Date]"}); the position in state names it unquoted.
     */
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
        return where(sqlCondition, new Object[0]);
    }

    /**
     * An extra SQL condition the rows must meet, with its {@code ?} placeholders bound to {@code parameters}, e.g.
     * {@code where("region = ? AND deleted = ?", "eu", false)}. Replaces an earlier condition.
     */
    public KeysetReader where(String sqlCondition, Object... parameters) {
        this.condition = sqlCondition;
        this.conditionParameters = Arrays.asList(parameters.clone());
        return this;
    }

    /**
     * The SQL dialect of the source: how {@link #limit} is written, the keyset predicate (row value or expanded) and
     * how date and time parameters are bound. {@link Dialect#ANSI} by default. Identifiers are used as given; quote
     * them with {@link Dialect#quote} where they need it.
     */
    public KeysetReader dialect(Dialect sqlDialect) {
        this.dialect = Objects.requireNonNull(sqlDialect, "dialect");
        return this;
    }

    /**
     * Reads in pages of at most {@code rows} rows, one query each ({@code LIMIT}, {@code TOP}, {@code FIRST} or
     * {@code FETCH FIRST} as the {@link #dialect} writes it), each after the position the page before it reached,
     * until a page comes back short: for drivers that cannot stream a large result, and so that no read transaction
     * lasts longer than one page. 0, the default, reads everything in one streamed query.
     */
    public KeysetReader limit(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("limit must be 0 (none) or more, was " + rows);
        }
        this.limit = rows;
        return this;
    }

    /** The state key that holds the position; the source table's name by default. */
    public KeysetReader stateKey(String key) {
        this.stateKey = key;
        return this;
    }

    /**
     * How many rows the driver fetches at a time; 1,000 by default: 10,000 read 1,000,000 PostgreSQL rows no faster, and
     * the driver holds a whole fetch in memory, which for wide rows is what a small heap notices.
     */
    public KeysetReader fetchSize(int rows) {
        this.fetchSize = positive(rows, "fetch size");
        return this;
    }

    /**
     * At most how many rows are read between two checkpoints; 100,000 by default. Each checkpoint commits its rows and
     * the position together, which costs a few milliseconds however few rows it holds.
     */
    public KeysetReader checkpointEvery(int rows) {
        this.checkpointEvery = positive(rows, "rows between checkpoints");
        return this;
    }

    /**
     * At most how long rows are read between two checkpoints, so that a slow source still commits its progress; 5
     * seconds by default. A checkpoint comes after {@link #checkpointEvery} rows or this time, whichever is first.
     */
    public KeysetReader checkpointInterval(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("checkpoint interval must be a positive duration, was " + interval);
        }
        this.checkpointInterval = interval;
        return this;
    }

    /** Reads the new rows and upserts each into {@code destinationTable}. */
    public long upsertInto(String destinationTable, Connection source, State state) throws SQLException {
        return read(source, state, row -> Operations.upsert(destinationTable, row));
    }

    /**
     * Hands each row after the saved position to {@code handler}, then advances the position in {@code state};
     * checkpoints {@code state} every {@link #checkpointEvery} rows or {@link #checkpointInterval}, and after the last row.
     *
     * @return the number of rows read
     */
    public long read(Connection source, State state, Jdbc.RowHandler handler) throws SQLException {
        if (replicationKey.isEmpty()) {
            throw new IllegalStateException("KeysetReader of '" + sourceTable + "': replicationKey(...) is required");
        }
        Map<String, Object> start = savedPosition(state);
        Logging.info(stateKey + ": reading rows " + (start == null ? "from the start" : "after " + start));
        long[] sinceCheckpoint = {0};
        long intervalNanos = checkpointInterval.toNanos();
        long[] lastCheckpoint = {System.nanoTime()};
        long total = 0;
        int queries = 0;
        SqlKind[] keyKinds = null;
        List<String> names = positionNames();
        while (true) {
            Map<String, Object> position = savedPosition(state);
            List<String> conditions = new ArrayList<>();
            List<Object> parameters = new ArrayList<>();
            if (position != null) {
                if (keyKinds == null) {
                    keyKinds = keyKinds(source);
                }
                Dialect.Condition after = dialect.after(replicationKey, restored(keyKinds, position));
                conditions.add(after.sql());
                parameters.addAll(after.parameters());
            }
            if (condition != null) {
                conditions.add("(" + condition + ")");
                conditionParameters.forEach(value -> parameters.add(dialect.parameter(value)));
            }
            String sql = dialect.select(columns, sourceTable, conditions.isEmpty() ? null : String.join(" AND ", conditions),
                    String.join(", ", replicationKey), limit);
            long count = Jdbc.stream(source, sql, parameters, limit == 0 ? fetchSize : Math.min(fetchSize, limit), row -> {
                Map<String, Object> rowPosition = positionOf(row, names); // before the handler, which may change the row
                handler.accept(row);
                state.put(stateKey, rowPosition);
                if (++sinceCheckpoint[0] == checkpointEvery || System.nanoTime() - lastCheckpoint[0] >= intervalNanos) {
                    Operations.checkpoint(state);
                    sinceCheckpoint[0] = 0;
                    lastCheckpoint[0] = System.nanoTime();
                }
            });
            total += count;
            queries++;
            if (limit == 0 || count < limit) {
                break;
            }
        }
        if (sinceCheckpoint[0] > 0) {
            Operations.checkpoint(state);
        }
        Logging.info(stateKey + ": " + total + " rows read" + (limit == 0 ? "" : " in " + queries + " queries of at most " + limit)
                + (total == 0 ? "" : ", position " + state.get(stateKey)));
        return total;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> savedPosition(State state) {
        Object saved = state.get(stateKey);
        if (saved == null) {
            return null;
        }
        if (!(saved instanceof Map<?, ?> map) || !map.keySet().containsAll(positionNames())) {
            throw new IllegalArgumentException("state key '" + stateKey + "' does not hold a position of " + replicationKey + ": " + saved);
        }
        return (Map<String, Object>) map;
    }

    /** The SQL kinds of the replication-key columns, which type the saved position's values. */
    private SqlKind[] keyKinds(Connection source) throws SQLException {
        SqlKind[] kinds = new SqlKind[replicationKey.size()];
        String probe = "SELECT " + String.join(", ", replicationKey) + " FROM " + sourceTable + " WHERE 1 = 0";
        try (Statement statement = source.createStatement(); ResultSet empty = statement.executeQuery(probe)) {
            ResultSetMetaData metadata = empty.getMetaData();
            for (int i = 0; i < kinds.length; i++) {
                kinds[i] = SqlKind.of(metadata.getColumnType(i + 1), metadata.getColumnTypeName(i + 1),
                        metadata.getPrecision(i + 1), metadata.isSigned(i + 1));
            }
        }
        return kinds;
    }

    /** The saved position's values, typed as the key columns are. */
    private List<Object> restored(SqlKind[] kinds, Map<String, Object> position) {
        List<Object> typed = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            typed.add(restore(kinds[i], position.get(dialect.unquote(replicationKey.get(i)))));
        }
        return typed;
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

    private Map<String, Object> positionOf(Map<String, Object> row, List<String> names) {
        Map<String, Object> position = new LinkedHashMap<>();
        for (String column : names) {
            Object value = valueOf(row, column);
            if (value == null) {
                throw new IllegalStateException(sourceTable + ": replication-key column '" + column + "' is NULL in row " + row);
            }
            position.put(column, value instanceof Temporal || value instanceof BigDecimal || !(value instanceof Number)
                    ? text(value) : value);
        }
        return position;
    }

    /** The replication-key columns as the position in state names them: without the dialect's quotes. */
    private List<String> positionNames() {
        return replicationKey.stream().map(dialect::unquote).toList();
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
        // Hive labels a column with its table, "people.id", unless hive.resultset.use.unique.column.names=false
        String qualified = "." + column.toLowerCase(java.util.Locale.ROOT);
        for (Map.Entry<String, Object> entry : row.entrySet()) {
            if (entry.getKey().toLowerCase(java.util.Locale.ROOT).endsWith(qualified)) {
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
