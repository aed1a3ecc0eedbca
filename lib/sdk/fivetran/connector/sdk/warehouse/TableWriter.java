package fivetran.connector.sdk.warehouse;

import fivetran.connector.sdk.DataType;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;

/**
 * Writes one destination table. Operations are appended with DuckDB's Appender to a temporary staging table in
 * call order; at a checkpoint they are applied set-wise to the destination table inside the checkpoint's
 * transaction, segment by segment between truncates, with the same result as applying them one by one.
 */
final class TableWriter {
    static final byte UPSERT = 0;
    static final byte UPDATE = 1;
    static final byte DELETE = 2;

    private static final String SEQ = "_fivetran_stage_seq";
    private static final String OP = "_fivetran_stage_op";
    private static final String TS = "_fivetran_stage_ts";
    private static final String PRESENT = "_fivetran_stage_present";
    private static final String GIVEN_ID = "_fivetran_stage_id";
    private static final String MERGE = "temp.main._fivetran_merge";
    private static final String KEYED = "_fivetran_keyed";

    /** Operations between two truncates; {@code truncatedAt} is the truncate that ends it, if any. */
    private static final class Segment {
        final long afterSeq;
        long truncateSeq = Long.MAX_VALUE;
        OffsetDateTime truncatedAt;
        volatile boolean upserts;
        volatile boolean changes;

        Segment(long afterSeq) {
            this.afterSeq = afterSeq;
        }
    }

    private final Warehouse warehouse;
    private final String sourceName;
    private final String stagingTable;
    final TableDefinition desired;
    private TableDefinition committed;
    private final Set<String> declaredColumns = new HashSet<>();
    private boolean declared;
    private final Map<String, String> columnBySource = new HashMap<>();
    private final Map<String, String> sourceByColumn = new HashMap<>();
    private final Consumer<String> warnings;
    private final Runnable schemaChanged;
    /** What producer threads prepare rows against; null after a change until the next staged row publishes a new one. */
    private volatile Layout layout;
    /**
     * One Appender per producer thread, all into the staging table, so that threads append at once. DuckDB confines
     * an Appender to its thread unless calls hold its lock; closing them all (before a change or a merge) happens under
     * the sync's exclusive lock, and {@code generation} then tells each thread to open a new one.
     */
    private static final class ThreadAppender {
        final DuckDBAppender appender;
        final Lock lock;
        final int generation;
        int unflushed;

        ThreadAppender(DuckDBAppender appender, int generation) {
            this.appender = appender;
            this.lock = appender.unsafeBreakThreadConfinement();
            this.generation = generation;
        }
    }

    /**
     * Rows after which a thread flushes its Appender itself, taking its turn on the connection: below DuckDB's
     * vector size (2048), at which the Appender would flush by itself, at the same time as other threads.
     */
    private static final int FLUSH_ROWS = 1024;

    private final List<ThreadAppender> appenders = new ArrayList<>();
    private final ThreadLocal<ThreadAppender> threadAppender = new ThreadLocal<>();
    private volatile int generation;
    private final List<Segment> segments = new ArrayList<>();
    private final LongAdder staged = new LongAdder();
    private final LongAdder written = new LongAdder();

    TableWriter(Warehouse warehouse, String sourceName, TableDefinition existing, String name, int index,
                Consumer<String> warnings, Runnable schemaChanged) {
        this.warehouse = warehouse;
        this.sourceName = sourceName;
        this.committed = existing;
        this.desired = existing == null ? new TableDefinition(name) : existing.copy();
        this.stagingTable = "_fivetran_stage_" + index;
        this.warnings = warnings;
        this.schemaChanged = schemaChanged;
    }

    String name() {
        return desired.name;
    }

    boolean exists() {
        return committed != null;
    }

    // ---- declaration ----------------------------------------------------------------------------------------

    /**
     * Applies a declaration from schema(): declared types win, a changed primary key rebuilds the table.
     * Returns whether the table is new or changed.
     */
    boolean declare(List<String> primaryKey, Map<String, ColumnType> columns) {
        declared = true;
        boolean changed = !exists();
        if (!desired.primaryKey.equals(primaryKey)) {
            if (exists()) {
                warnings.accept("table '" + desired.name + "': primary key changes from " + describeKey(desired.primaryKey)
                        + " to " + describeKey(primaryKey) + "; the table is rebuilt");
            }
            desired.primaryKey.clear();
            desired.primaryKey.addAll(primaryKey);
            changed = true;
        }
        for (Map.Entry<String, ColumnType> column : columns.entrySet()) {
            ColumnType before = desired.columns.put(column.getKey(), column.getValue());
            declaredColumns.add(column.getKey());
            changed |= !column.getValue().equals(before);
        }
        layout = null;
        return changed;
    }

    private static String describeKey(List<String> key) {
        return key.isEmpty() ? "none (_fivetran_id)" : key.toString();
    }

    /** Whether schema() declared this table. */
    boolean declared() {
        return declared;
    }

    /** Whether every primary-key column has a type, so that the table can be created. */
    boolean creatable() {
        return desired.primaryKey.stream().allMatch(desired.columns::containsKey);
    }

    /** Registers a source column name for a warehouse column, warning once when two source names meet. */
    void mapColumn(String source, String column) {
        if (!column.equals(columnBySource.put(source, column))) {
            layout = null;
        }
        String first = sourceByColumn.putIfAbsent(column, source);
        if (first != null && !first.equals(source)) {
            warnings.accept("table '" + desired.name + "': columns '" + first + "' and '" + source + "' both become '"
                    + column + "'; their values are merged into one column");
        }
    }

    String column(String source) {
        return columnBySource.get(source);
    }

    // ---- staging ---------------------------------------------------------------------------------------------

    /**
     * Resolves a row's values to this table's columns, adding inferred columns and widening inferred types as
     * needed. Returns the values in column order and, for updates, which columns were given.
     */
    Object[] resolve(Map<String, Object> byColumn, String op) throws SQLException {
        for (Map.Entry<String, Object> entry : byColumn.entrySet()) {
            String column = entry.getKey();
            Object value = entry.getValue();
            ColumnType type = desired.columns.get(column);
            if (value == null) {
                continue;
            }
            if (type == null) {
                addColumn(column, Values.infer(value));
            } else if (!declaredColumns.contains(column)) {
                ColumnType wider = type.widen(Values.infer(value));
                if (!wider.equals(type)) {
                    changeType(column, wider);
                }
            }
        }
        Object[] values = new Object[desired.columns.size()];
        int i = 0;
        for (Map.Entry<String, ColumnType> column : desired.columns.entrySet()) {
            Object value = byColumn.get(column.getKey());
            values[i++] = Values.coerce(value, column.getValue(), desired.name, column.getKey());
        }
        for (String key : desired.primaryKey) {
            requireKey(desired.name, key, byColumn.containsKey(key), byColumn.get(key), op);
        }
        return values;
    }

    /**
     * The table's columns as they stand, frozen, so that producer threads can resolve and coerce rows without the
     * sync's lock. Rows whose primary key is not yet among the columns are left to the lock.
     */
    static final class Layout {
        final String table;
        final Map<String, String> columnBySource;
        final Map<String, Integer> positions = new HashMap<>();
        final String[] names;
        final ColumnType[] types;
        final boolean[] inferred;
        final int[] key;
        final boolean keyedById;
        /** Whether rows can be prepared against it at all: it has columns, and every key column is among them. */
        final boolean usable;

        Layout(TableDefinition desired, Set<String> declaredColumns, Map<String, String> columnBySource) {
            this.table = desired.name;
            this.columnBySource = new HashMap<>(columnBySource);
            this.names = desired.columns.keySet().toArray(String[]::new);
            this.types = desired.columns.values().toArray(ColumnType[]::new);
            this.inferred = new boolean[names.length];
            for (int i = 0; i < names.length; i++) {
                positions.put(names[i], i);
                inferred[i] = !declaredColumns.contains(names[i]);
            }
            this.key = desired.primaryKey.stream().mapToInt(k -> positions.getOrDefault(k, -1)).toArray();
            this.keyedById = desired.keyedById();
            this.usable = names.length > 0 && Arrays.stream(key).allMatch(position -> position >= 0);
        }
    }

    /** A row resolved against a layout: its values as given (for a re-resolve if the layout changed) and coerced. */
    record Prepared(Layout layout, Object[] given, boolean[] present, Object[] values) {
    }

    /**
     * Resolves and coerces a row in the calling thread, without the sync's lock, when the current layout already
     * fits it: every column with a value known, every inferred type wide enough, the key among the columns. Returns
     * null when the row may change the table (or concerns a {@code _fivetran_id}); then it is resolved under the lock.
     * Fails, like {@link #resolve}, on a value its column cannot hold or a missing key.
     */
    Prepared prepare(byte op, Map<String, ?> data) {
        Layout current = layout;
        if (current == null || !current.usable || (current.keyedById && op != UPSERT)) {
            return null;
        }
        Object[] given = new Object[current.names.length];
        boolean[] present = new boolean[current.names.length];
        for (Map.Entry<String, ?> entry : data.entrySet()) {
            String column = current.columnBySource.get(entry.getKey());
            Integer position = column == null ? null : current.positions.get(column);
            Object value = entry.getValue();
            if (position == null) {
                if (value == null && column != null) {
                    continue;
                }
                return null;
            }
            if (value != null && current.inferred[position]) {
                ColumnType type = current.types[position];
                if (!type.widen(Values.infer(value)).equals(type)) {
                    return null;
                }
            }
            given[position] = value;
            present[position] = true;
        }
        Object[] values = new Object[given.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = Values.coerce(given[i], current.types[i], current.table, current.names[i]);
        }
        for (int position : current.key) {
            requireKey(current.table, current.names[position], present[position], given[position], opName(op));
        }
        return new Prepared(current, given, present, values);
    }

    /** The operation's name, as messages give it. */
    static String opName(byte op) {
        return switch (op) {
            case UPSERT -> "upsert";
            case UPDATE -> "update";
            default -> "delete";
        };
    }

    /** Whether a row prepared outside the lock still matches the table; if not, it must be resolved again. */
    boolean current(Prepared prepared) {
        return prepared.layout() == layout;
    }

    /** A prepared row's values by column, as the lock's path takes them. */
    static Map<String, Object> byColumn(Prepared prepared) {
        Map<String, Object> byColumn = new HashMap<>();
        for (int i = 0; i < prepared.given().length; i++) {
            if (prepared.present()[i]) {
                byColumn.put(prepared.layout().names[i], prepared.given()[i]);
            }
        }
        return byColumn;
    }

    /** A string of 0 and 1 per column, in column order: which columns a prepared update gives. */
    static String presence(Prepared prepared) {
        StringBuilder present = new StringBuilder(prepared.present().length);
        for (boolean given : prepared.present()) {
            present.append(given ? '1' : '0');
        }
        return present.toString();
    }

    private static void requireKey(String table, String key, boolean present, Object value, String op) {
        if (!present) {
            throw new InvalidInputException("table '" + table + "': " + op + " is missing primary-key column '" + key + "'");
        }
        if (value == null) {
            throw new InvalidInputException("table '" + table + "': " + op + " has a null value for primary-key column '" + key + "'");
        }
    }

    /** A string of 0 and 1 per column, in column order: which columns an update gives. */
    String presence(Map<String, Object> byColumn) {
        StringBuilder present = new StringBuilder(desired.columns.size());
        for (String column : desired.columns.keySet()) {
            present.append(byColumn.containsKey(column) ? '1' : '0');
        }
        return present.toString();
    }

    private void addColumn(String column, ColumnType type) throws SQLException {
        closeAppender();
        if (stagingCreated) {
            warehouse.execute("ALTER TABLE temp.main." + Naming.quote(stagingTable) + " ADD COLUMN " + Naming.quote(column) + " " + type.sql());
        }
        desired.columns.put(column, type);
        layout = null;
        if (exists()) {
            schemaChanged.run();
        }
    }

    private void changeType(String column, ColumnType type) throws SQLException {
        closeAppender();
        if (stagingCreated) {
            warehouse.execute("ALTER TABLE temp.main." + Naming.quote(stagingTable) + " ALTER COLUMN " + Naming.quote(column) + " TYPE " + type.sql());
        }
        desired.columns.put(column, type);
        layout = null;
        if (exists()) {
            schemaChanged.run();
        }
    }

    private volatile boolean stagingCreated;

    /** Stages a resolved row; the caller holds the sync's exclusive lock. */
    void stage(long seq, byte op, OffsetDateTime at, Object[] values, String present, String givenId) throws SQLException {
        currentSegment();
        if (layout == null) {
            layout = new Layout(desired, declaredColumns, columnBySource);
        }
        append(seq, op, at, values, layout.types, present, givenId);
    }

    /** Whether a prepared row can be staged under the sync's shared lock: its layout is current and staging is open. */
    boolean stagesShared(Prepared prepared) {
        return prepared.layout() == layout && stagingCreated && !segments.isEmpty();
    }

    /** Stages a row prepared against the current layout; the caller holds the sync's shared lock (see {@link #stagesShared}). */
    void stageShared(long seq, byte op, OffsetDateTime at, Prepared prepared) throws SQLException {
        append(seq, op, at, prepared.values(), prepared.layout().types, op == UPDATE ? presence(prepared) : null, null);
    }

    private void append(long seq, byte op, OffsetDateTime at, Object[] values, ColumnType[] types, String present, String givenId)
            throws SQLException {
        Segment segment = segments.get(segments.size() - 1);
        if (op == UPSERT) {
            segment.upserts = true;
        } else {
            segment.changes = true;
        }
        ThreadAppender own = threadAppender();
        own.lock.lock();
        try {
            DuckDBAppender row = own.appender.beginRow();
            row.append(seq);
            row.append(op);
            row.appendEpochMicros(at.toEpochSecond() * 1_000_000L + at.getNano() / 1_000);
            appendText(row, present);
            appendText(row, givenId);
            for (int i = 0; i < types.length; i++) {
                append(row, types[i], values[i]);
            }
            row.endRow();
            if (++own.unflushed == FLUSH_ROWS) {
                warehouse.appenderCalls.lock();
                try {
                    own.appender.flush();
                } finally {
                    warehouse.appenderCalls.unlock();
                }
                own.unflushed = 0;
            }
        } finally {
            own.lock.unlock();
        }
        staged.increment();
        written.increment();
    }

    void truncate(long seq, OffsetDateTime at) {
        Segment segment = currentSegment();
        segment.truncateSeq = seq;
        segment.truncatedAt = at;
        segments.add(new Segment(seq));
    }

    boolean hasWork() {
        return !segments.isEmpty();
    }

    private Segment currentSegment() {
        if (segments.isEmpty()) {
            segments.add(new Segment(Long.MIN_VALUE));
        }
        return segments.get(segments.size() - 1);
    }

    private static void appendText(DuckDBAppender row, String text) throws SQLException {
        if (text == null) {
            row.appendNull();
        } else {
            row.append(text);
        }
    }

    private static void append(DuckDBAppender row, ColumnType type, Object value) throws SQLException {
        if (value == null) {
            row.appendNull();
            return;
        }
        switch (type.type()) {
            case BOOLEAN -> row.append((boolean) (Boolean) value);
            case SHORT -> row.append((short) (Short) value);
            case INT -> row.append((int) (Integer) value);
            case LONG -> row.append((long) (Long) value);
            case DECIMAL -> row.append((BigDecimal) value);
            case FLOAT -> row.append((float) (Float) value);
            case DOUBLE -> row.append((double) (Double) value);
            case NAIVE_DATE -> row.append((LocalDate) value);
            case NAIVE_DATETIME -> row.append((LocalDateTime) value);
            case UTC_DATETIME -> row.append((OffsetDateTime) value);
            case BINARY -> row.append((byte[]) value);
            case XML, STRING, JSON -> row.append((String) value);
        }
    }

    /** The calling thread's Appender into the staging table, opened when it has none since the last close. */
    private ThreadAppender threadAppender() throws SQLException {
        ThreadAppender own = threadAppender.get();
        if (own != null && own.generation == generation) {
            return own;
        }
        synchronized (appenders) {
            if (!stagingCreated) {
                createStaging();
            }
            warehouse.appenderCalls.lock();
            try {
                own = new ThreadAppender(warehouse.connection().createAppender("temp", "main", stagingTable), generation);
            } finally {
                warehouse.appenderCalls.unlock();
            }
            appenders.add(own);
        }
        threadAppender.set(own);
        return own;
    }

    private void createStaging() throws SQLException {
        StringBuilder sql = new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(Naming.quote(stagingTable)).append(" (")
                .append(SEQ).append(" BIGINT, ").append(OP).append(" UTINYINT, ").append(TS).append(" TIMESTAMP WITH TIME ZONE, ")
                .append(PRESENT).append(" VARCHAR, ").append(GIVEN_ID).append(" VARCHAR");
        desired.columns.forEach((column, type) -> sql.append(", ").append(Naming.quote(column)).append(' ').append(type.sql()));
        warehouse.execute(sql.append(')').toString());
        stagingCreated = true;
    }

    /** Flushes and closes every thread's Appender; the caller holds the sync's exclusive lock. */
    private void closeAppender() throws SQLException {
        synchronized (appenders) {
            generation++;
            SQLException failed = null;
            for (ThreadAppender own : appenders) {
                own.lock.lock();
                try {
                    own.appender.close();
                } catch (SQLException e) {
                    failed = failed == null ? e : failed;
                } finally {
                    own.lock.unlock();
                }
            }
            appenders.clear();
            if (failed != null) {
                throw failed;
            }
        }
    }

    // ---- commit ---------------------------------------------------------------------------------------------

    /** Brings the destination table to the desired definition; runs inside the commit's transaction. */
    void applyDefinition() throws SQLException {
        if (!creatable()) {
            return;
        }
        String table = Warehouse.qualified(desired.name);
        if (committed == null) {
            warehouse.execute(desired.createSql(table));
            commentXml(desired.columns.keySet());
            return;
        }
        if (!committed.primaryKey.equals(desired.primaryKey) || keyTypeChanged()) {
            rebuild();
            return;
        }
        for (Map.Entry<String, ColumnType> column : desired.columns.entrySet()) {
            ColumnType before = committed.columns.get(column.getKey());
            String name = Naming.quote(column.getKey());
            if (before == null) {
                warehouse.execute("ALTER TABLE " + table + " ADD COLUMN " + name + " " + column.getValue().sql());
            } else if (!before.equals(column.getValue())) {
                try {
                    warehouse.execute("ALTER TABLE " + table + " ALTER COLUMN " + name + " TYPE " + column.getValue().sql());
                } catch (SQLException e) {
                    throw new InvalidInputException("table '" + desired.name + "', column '" + column.getKey() + "': cannot change its type from "
                            + before + " to " + column.getValue() + ": " + Warehouse.firstLine(e.getMessage()), e);
                }
            }
        }
        commentXml(desired.columns.keySet());
    }

    private boolean keyTypeChanged() {
        return desired.primaryKey.stream().anyMatch(k -> !Objects.equals(committed.columns.get(k), desired.columns.get(k)));
    }

    private void commentXml(Iterable<String> columns) throws SQLException {
        for (String column : columns) {
            ColumnType type = desired.columns.get(column);
            ColumnType before = committed == null ? null : committed.columns.get(column);
            if (type.type() == DataType.XML && (before == null || before.type() != DataType.XML)) {
                warehouse.execute("COMMENT ON COLUMN " + Warehouse.qualified(desired.name) + "." + Naming.quote(column) + " IS 'XML'");
            } else if (before != null && before.type() == DataType.XML && type.type() != DataType.XML) {
                warehouse.execute("COMMENT ON COLUMN " + Warehouse.qualified(desired.name) + "." + Naming.quote(column) + " IS NULL");
            }
        }
    }

    /** Recreates the table under a changed primary key, keeping the newest row of each new key. */
    private void rebuild() throws SQLException {
        String table = Warehouse.qualified(desired.name);
        String rebuilt = Warehouse.qualified(desired.name + "_fivetran_rebuild");
        warehouse.execute("DROP TABLE IF EXISTS " + rebuilt);
        warehouse.execute(desired.createSql(rebuilt));
        StringJoiner targets = new StringJoiner(", ");
        StringJoiner sources = new StringJoiner(", ");
        for (Map.Entry<String, ColumnType> column : desired.columns.entrySet()) {
            targets.add(Naming.quote(column.getKey()));
            String quoted = Naming.quote(column.getKey());
            sources.add((committed.columns.containsKey(column.getKey())
                    ? "CAST(" + quoted + " AS " + column.getValue().sql() + ")" : "CAST(NULL AS " + column.getValue().sql() + ")") + " AS " + quoted);
        }
        String key;
        if (desired.keyedById()) {
            targets.add(Naming.quote(TableDefinition.ID));
            sources.add(idExpression(new ArrayList<>(committed.columns.keySet()), null) + " AS " + Naming.quote(TableDefinition.ID));
            key = Naming.quote(TableDefinition.ID);
        } else {
            StringJoiner keys = new StringJoiner(", ");
            desired.primaryKey.forEach(k -> keys.add(Naming.quote(k)));
            key = keys.toString();
        }
        StringJoiner notNull = new StringJoiner(" AND ", " WHERE ", "");
        desired.primaryKey.forEach(k -> notNull.add(committed.columns.containsKey(k) ? Naming.quote(k) + " IS NOT NULL" : "false"));
        warehouse.execute("INSERT INTO " + rebuilt + " (" + targets + ", " + TableDefinition.SYNCED + ", " + TableDefinition.DELETED + ") "
                + "SELECT * FROM (SELECT " + sources + ", " + TableDefinition.SYNCED + ", " + TableDefinition.DELETED + " FROM " + table
                + (desired.keyedById() ? "" : notNull.toString()) + ") QUALIFY row_number() OVER (PARTITION BY " + key
                + " ORDER BY " + TableDefinition.SYNCED + " DESC) = 1");
        warehouse.execute("DROP TABLE " + table);
        warehouse.execute("ALTER TABLE " + rebuilt + " RENAME TO " + Naming.quote(desired.name));
        commentXml(desired.columns.keySet());
    }

    /** Applies the staged operations to the destination table; runs inside the commit's transaction. */
    void merge() throws SQLException {
        closeAppender();
        if (segments.isEmpty()) {
            return;
        }
        if (!creatable()) {
            throw new InvalidInputException("table '" + desired.name + "': primary-key column(s) "
                    + desired.primaryKey.stream().filter(k -> !desired.columns.containsKey(k)).toList() + " never received a value");
        }
        for (Segment segment : segments) {
            if (segment.upserts || segment.changes) {
                String rows = stagedRows(segment);
                if (segment.changes) {
                    mergeAll(rows);
                } else {
                    mergeUpserts(rows);
                }
                if (desired.keyedById()) {
                    warehouse.execute("DROP TABLE temp.main." + KEYED);
                }
            }
            if (segment.truncatedAt != null) {
                try (var update = warehouse.connection().prepareStatement("UPDATE " + Warehouse.qualified(desired.name) + " SET "
                        + TableDefinition.DELETED + " = true, " + TableDefinition.SYNCED + " = ? WHERE NOT " + TableDefinition.DELETED)) {
                    update.setObject(1, segment.truncatedAt);
                    update.executeUpdate();
                }
            }
        }
    }

    /** Forgets the staged operations once they are committed (or when the sync gives up). */
    void clearStaging() throws SQLException {
        closeAppender();
        if (stagingCreated) {
            warehouse.execute("DELETE FROM temp.main." + Naming.quote(stagingTable));
        }
        segments.clear();
        staged.reset();
    }

    /** Marks the desired definition as what the warehouse now holds. */
    void committed() {
        if (creatable()) {
            committed = desired.copy();
        }
    }

    long staged() {
        return staged.sum();
    }

    /** Operations written to this table during the sync. */
    long written() {
        return written.sum();
    }

    private String range(Segment segment) {
        return SEQ + " > " + segment.afterSeq + " AND " + SEQ + " < " + segment.truncateSeq;
    }

    private List<String> keyColumns() {
        return desired.keyedById() ? List.of(TableDefinition.ID) : desired.primaryKey;
    }

    private List<String> valueColumns() {
        List<String> values = new ArrayList<>(desired.columns.keySet());
        values.removeAll(desired.primaryKey);
        return values;
    }

    /**
     * The staged rows of a segment, as a relation. For a table without a primary key they are copied with their
     * {@code _fivetran_id} into a temporary table, so that the hash is computed once per row.
     */
    private String stagedRows(Segment segment) throws SQLException {
        String rows = "SELECT * FROM temp.main." + Naming.quote(stagingTable) + " WHERE " + range(segment);
        if (!desired.keyedById()) {
            return "(" + rows + ")";
        }
        warehouse.execute("CREATE OR REPLACE TEMP TABLE " + KEYED + " AS SELECT *, "
                + idExpression(desired.userColumns(), GIVEN_ID) + " AS " + TableDefinition.ID + " FROM (" + rows + ")");
        return "temp.main." + KEYED;
    }

    /**
     * {@code _fivetran_id}: the MD5 of the row's non-null columns, sorted by name, each written as name, U+001F,
     * DuckDB's text of the value, and joined by U+001E, as a 128-bit unsigned integer (DuckDB's {@code md5_number}).
     * Identical rows get the same id. An integer key is indexed several times faster than the 32-character hex text.
     */
    static String idExpression(List<String> columns, String givenId) {
        List<String> sorted = new ArrayList<>(columns);
        Collections.sort(sorted);
        StringJoiner parts = new StringJoiner(", ");
        for (String column : sorted) {
            String quoted = Naming.quote(column);
            parts.add("CASE WHEN " + quoted + " IS NULL THEN NULL ELSE '" + column.replace("'", "''") + "' || chr(31) || CAST(" + quoted + " AS VARCHAR) END");
        }
        String hash = sorted.isEmpty() ? "md5_number('')" : "md5_number(concat_ws(chr(30), " + parts + "))";
        return givenId == null ? hash : "coalesce(CAST(" + givenId + " AS UHUGEINT), " + hash + ")";
    }

    private static String joined(List<String> columns, String prefix) {
        StringJoiner out = new StringJoiner(", ");
        columns.forEach(c -> out.add(prefix + Naming.quote(c)));
        return out.toString();
    }

    private String insertColumns() {
        List<String> all = new ArrayList<>(keyColumns());
        all.addAll(valueColumns());
        if (desired.keyedById()) {
            all = new ArrayList<>(List.of(TableDefinition.ID));
            all.addAll(desired.userColumns());
        }
        return joined(all, "") + ", " + TableDefinition.SYNCED + ", " + TableDefinition.DELETED;
    }

    private List<String> rowValueColumns() {
        return desired.keyedById() ? desired.userColumns() : valueColumns();
    }

    /**
     * Upserts only: the newest staged row per key replaces the table's row. Rows whose keys are in the table are
     * deleted first and all rows inserted plainly, which DuckDB does faster than INSERT OR REPLACE.
     */
    private void mergeUpserts(String rows) throws SQLException {
        String keys = joined(keyColumns(), "");
        List<String> values = rowValueColumns();
        String select = keys + (values.isEmpty() ? "" : ", " + joined(values, "")) + ", " + TS + ", false";
        String table = Warehouse.qualified(desired.name);
        StringJoiner sameKey = new StringJoiner(" AND ");
        keyColumns().forEach(k -> sameKey.add("t." + Naming.quote(k) + " = s." + Naming.quote(k)));
        warehouse.execute("DELETE FROM " + table + " t USING (SELECT DISTINCT " + keys + " FROM " + rows + " WHERE "
                + OP + " = " + UPSERT + ") s WHERE " + sameKey);
        warehouse.execute("INSERT INTO " + table + " (" + insertColumns() + ") SELECT " + select
                + " FROM " + rows + " WHERE " + OP + " = " + UPSERT
                + " QUALIFY row_number() OVER (PARTITION BY " + keys + " ORDER BY " + SEQ + " DESC) = 1");
    }

    private void mergeAll(String rows) throws SQLException {
        List<String> keys = keyColumns();
        List<String> values = rowValueColumns();
        List<String> all = desired.userColumns();
        String keyList = joined(keys, "");
        String afterUpsert = "(_fivetran_up IS NULL OR " + SEQ + " > _fivetran_up)";
        StringBuilder aggregates = new StringBuilder();
        StringBuilder finals = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String column = Naming.quote(values.get(i));
            int position = all.indexOf(values.get(i)) + 1;
            String given = OP + " = " + UPDATE + " AND substr(" + PRESENT + ", " + position + ", 1) = '1' AND " + afterUpsert;
            aggregates.append(", arg_max_null(").append(column).append(", ").append(SEQ).append(") FILTER (WHERE ").append(OP)
                    .append(" = ").append(UPSERT).append(") AS _fivetran_u").append(i)
                    .append(", arg_max_null(").append(column).append(", ").append(SEQ).append(") FILTER (WHERE ").append(given)
                    .append(") AS _fivetran_p").append(i)
                    .append(", bool_or(").append(given).append(") AS _fivetran_h").append(i);
            finals.append(", CASE WHEN a._fivetran_h").append(i).append(" THEN a._fivetran_p").append(i)
                    .append(" WHEN a._fivetran_up IS NOT NULL THEN a._fivetran_u").append(i)
                    .append(" ELSE t.").append(column).append(" END");
        }
        StringJoiner on = new StringJoiner(" AND ");
        keys.forEach(k -> on.add("t." + Naming.quote(k) + " = a." + Naming.quote(k)));
        String table = Warehouse.qualified(desired.name);
        warehouse.execute("CREATE OR REPLACE TEMP TABLE _fivetran_merge AS "
                + "WITH ops AS (SELECT *, max(CASE WHEN " + OP + " = " + UPSERT + " THEN " + SEQ + " END) OVER (PARTITION BY " + keyList
                + ") AS _fivetran_up FROM " + rows + "), "
                + "agg AS (SELECT " + keyList + ", max(_fivetran_up) AS _fivetran_up, max(" + TS + ") AS _fivetran_ts, "
                + "bool_or(" + OP + " = " + DELETE + " AND " + afterUpsert + ") AS _fivetran_del" + aggregates
                + " FROM ops GROUP BY " + keyList + ") "
                + "SELECT " + joined(keys, "a.") + finals + ", a._fivetran_ts, "
                + "CASE WHEN a._fivetran_del THEN true WHEN a._fivetran_up IS NOT NULL THEN false ELSE t." + TableDefinition.DELETED + " END "
                + "FROM agg a LEFT JOIN " + table + " t ON " + on
                + " WHERE a._fivetran_up IS NOT NULL OR t." + TableDefinition.SYNCED + " IS NOT NULL");
        if (desired.keyedById()) {
            // no constraint to replace on (see TableDefinition)
            warehouse.execute("DELETE FROM " + table + " t USING " + MERGE + " m WHERE t." + TableDefinition.ID + " = m." + TableDefinition.ID);
            warehouse.execute("INSERT INTO " + table + " (" + insertColumns() + ") SELECT * FROM " + MERGE);
        } else {
            warehouse.execute("INSERT OR REPLACE INTO " + table + " (" + insertColumns() + ") SELECT * FROM " + MERGE);
        }
        warehouse.execute("DROP TABLE " + MERGE);
    }

    String sourceName() {
        return sourceName;
    }
}
