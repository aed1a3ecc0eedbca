package fivetran.connector.sdk.warehouse;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;

/**
 * Writes one destination table. Operations are appended with DuckDB's Appender to a temporary staging table in
 * call order; at a checkpoint they are applied set-wise to the destination table inside the checkpoint's
 * transaction, segment by segment between truncates, with the same result as applying them one by one. The SQL
 * is {@link MergeSql}'s; this class executes it.
 */
final class TableWriter {
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

        MergeSql.Segment snapshot() {
            return new MergeSql.Segment(afterSeq, truncateSeq, upserts, changes, truncatedAt);
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
    /** Told of each change to a table that exists in the warehouse, described for the log. */
    private final Consumer<String> schemaChanged;
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
                Consumer<String> warnings, Consumer<String> schemaChanged) {
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
        /** Each source name's column position, for the columns that have one: one lookup per value. */
        final Map<String, Integer> positionBySource = new HashMap<>();
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
            this.columnBySource.forEach((source, column) -> {
                Integer position = positions.get(column);
                if (position != null) {
                    positionBySource.put(source, position);
                }
            });
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
    Prepared prepare(OperationKind op, Map<String, ?> data) {
        Layout current = layout;
        if (current == null || !current.usable || (current.keyedById && op != OperationKind.UPSERT)) {
            return null;
        }
        Object[] given = new Object[current.names.length];
        boolean[] present = new boolean[current.names.length];
        for (Map.Entry<String, ?> entry : data.entrySet()) {
            Integer position = current.positionBySource.get(entry.getKey());
            Object value = entry.getValue();
            if (position == null) {
                if (value == null && current.columnBySource.containsKey(entry.getKey())) {
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
            requireKey(current.table, current.names[position], present[position], given[position], op.messageName);
        }
        return new Prepared(current, given, present, values);
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
            warehouse.execute(MergeSql.addStagingColumn(stagingTable, column, type));
        }
        desired.columns.put(column, type);
        layout = null;
        if (exists()) {
            schemaChanged.accept("column " + column + " added (" + type + ")");
        }
    }

    private void changeType(String column, ColumnType type) throws SQLException {
        closeAppender();
        if (stagingCreated) {
            warehouse.execute(MergeSql.changeStagingColumn(stagingTable, column, type));
        }
        ColumnType before = desired.columns.put(column, type);
        layout = null;
        if (exists()) {
            schemaChanged.accept("column " + column + " widened from " + before + " to " + type);
        }
    }

    private volatile boolean stagingCreated;

    /** Stages a resolved row; the caller holds the sync's exclusive lock. */
    void stage(long seq, OperationKind op, OffsetDateTime at, Object[] values, String present, String givenId) throws SQLException {
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
    void stageShared(long seq, OperationKind op, OffsetDateTime at, Prepared prepared) throws SQLException {
        append(seq, op, at, prepared.values(), prepared.layout().types, op == OperationKind.UPDATE ? presence(prepared) : null, null);
    }

    private void append(long seq, OperationKind op, OffsetDateTime at, Object[] values, ColumnType[] types, String present, String givenId)
            throws SQLException {
        Segment segment = segments.get(segments.size() - 1);
        if (op == OperationKind.UPSERT) {
            segment.upserts = true;
        } else {
            segment.changes = true;
        }
        ThreadAppender own = threadAppender();
        own.lock.lock();
        try {
            DuckDBAppender row = own.appender.beginRow();
            row.append(seq);
            row.append(op.code);
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
        warehouse.execute(MergeSql.createStaging(desired, stagingTable));
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

    /**
     * What the next commit changes in this table, with its Appenders closed so that every staged row is in the staging
     * table; null when the table cannot exist yet (a primary-key column without a value) and nothing was staged.
     */
    Destination.TableChange change() throws SQLException {
        closeAppender();
        if (!creatable()) {
            if (!segments.isEmpty()) {
                throw new InvalidInputException("table '" + desired.name + "': primary-key column(s) "
                        + desired.primaryKey.stream().filter(k -> !desired.columns.containsKey(k)).toList() + " never received a value");
            }
            return null;
        }
        return new Destination.TableChange(desired, committed, stagingTable, segments.stream().map(Segment::snapshot).toList());
    }

    /** Forgets the staged operations once they are committed (or when the sync gives up). */
    void clearStaging() throws SQLException {
        closeAppender();
        if (stagingCreated) {
            warehouse.execute(MergeSql.clearStaging(stagingTable));
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

    String sourceName() {
        return sourceName;
    }
}
