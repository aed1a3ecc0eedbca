///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//DEPS com.amazon.redshift:redshift-jdbc42:2.3.0
//DEPS org.postgresql:postgresql:42.7.14

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fivetran.connector.sdk.Column;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.JdbcSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Many large Amazon Redshift tables: each one FULL (truncate, then every row) or INCREMENTAL (the rows whose replication
 * key is past the bookmark saved in state, in replication-key order), read through cursors {@code batch_size} rows at
 * a time, optionally in chunks of about {@code chunk_size} rows so that no cursor holds the whole table, by up to
 * {@code max_parallel_workers} workers that each have their own connection. Tables come from {@link #TABLE_SPECS} or,
 * with {@code auto_schema_detection}, from every base table of {@code schema}.
 */
class connector {
    enum Strategy { FULL, INCREMENTAL }

    /**
     * A table to sync. {@code name} is {@code table} (in the configured schema) or {@code schema.table}; an empty
     * {@code primaryKeys} takes the source's primary key; a null {@code strategy} is INCREMENTAL when a replication
     * key is given or found, else FULL; a null {@code replicationKey} of an INCREMENTAL table is inferred
     * ({@link #inferReplicationKey}); {@code include} keeps only those columns, {@code exclude} drops those (empty:
     * all); {@code useChunking} reads an INCREMENTAL table in chunks.
     */
    record TableSpec(String name, List<String> primaryKeys, Strategy strategy, String replicationKey, List<String> include,
            List<String> exclude, boolean useChunking) {
    }

    /** The tables synced when auto_schema_detection is off: the tickit sample's, as upstream lists them. Edit to suit. */
    static final List<TableSpec> TABLE_SPECS = List.of(
            new TableSpec("users", List.of("userid"), Strategy.FULL, null, List.of(), List.of("email", "phone"), false),
            new TableSpec("venue", List.of(), Strategy.FULL, null, List.of("venueid", "venuename", "venuecity", "venuestate"), List.of(), false),
            new TableSpec("event", List.of(), Strategy.INCREMENTAL, null, List.of(), List.of(), false),
            new TableSpec("sales", List.of("salesid"), Strategy.INCREMENTAL, "saletime", List.of(), List.of(), true));

    /** The column names preferred, in this order, when a replication key is inferred. */
    static final List<String> PREFERRED_REPLICATION_KEYS = List.of("updated_at", "last_updated", "last_update", "last_modified",
            "modified_at", "modified_on", "updated_on", "update_time", "updated");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How one table is synced: {@code stream} is {@code schema.table} (its state key), {@code destination}
     * {@code schema_table}; {@code replicationKey} is null for a FULL-strategy table, and kept for an INCREMENTAL one
     * that a complete resync reads in full ({@code full}), so that its bookmark is saved.
     */
    record Plan(String stream, String schema, String table, String destination, Table declared, List<String> columns,
            String replicationKey, DataType replicationKeyType, boolean full, boolean chunked, Set<String> superColumns) {
        boolean incremental() {
            return replicationKey != null && !full;
        }
    }

    /** What the sync is told to do, from the configuration. */
    record Settings(String schema, int batchSize, int chunkSize, int checkpointEvery, boolean autoSchemaDetection,
            boolean completeResync, int maxParallelWorkers) {
        static Settings of(Configuration configuration) {
            return new Settings(configuration.get("schema", "tickit"), positive(configuration, "batch_size", 1_000),
                    positive(configuration, "chunk_size", 10_000), positive(configuration, "checkpoint_every_rows", 50_000),
                    configuration.getBoolean("auto_schema_detection", false), configuration.getBoolean("enable_complete_resync", false),
                    positive(configuration, "max_parallel_workers", 1));
        }
    }

    static List<Table> schema(Configuration configuration) throws Exception {
        try (Connection source = connect(configuration)) {
            return plans(source, Settings.of(configuration)).stream().map(Plan::declared).toList();
        }
    }

    static void update(Configuration configuration, State state) throws Exception {
        Settings settings = Settings.of(configuration);
        List<Plan> plans;
        try (Connection source = connect(configuration)) {
            plans = plans(source, settings);
        }
        if (plans.isEmpty()) {
            Logging.warning("no table to sync: list tables in TABLE_SPECS or turn auto_schema_detection on");
            return;
        }
        int workers = Math.min(settings.maxParallelWorkers(), plans.size());
        Logging.info(plans.size() + " tables, " + workers + " worker(s)" + (settings.completeResync() ? ", complete resync" : ""));
        Queue<Plan> queue = new ConcurrentLinkedQueue<>(plans);
        AtomicBoolean failed = new AtomicBoolean();
        if (workers == 1) {
            work(configuration, settings, state, queue, failed);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                futures.add(pool.submit(() -> {
                    work(configuration, settings, state, queue, failed);
                    return null;
                }));
            }
            Exception first = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    Exception cause = e.getCause() instanceof Exception exception ? exception : e;
                    if (first == null) {
                        first = cause;
                    } else {
                        first.addSuppressed(cause);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One worker: its own connection, tables taken from the queue until it is empty or another worker failed. */
    static void work(Configuration configuration, Settings settings, State state, Queue<Plan> queue, AtomicBoolean failed) throws Exception {
        try (Connection source = connect(configuration)) {
            Plan plan;
            while (!failed.get() && (plan = queue.poll()) != null) {
                try {
                    sync(source, plan, settings, state);
                } catch (Exception | Error e) {
                    failed.set(true);
                    throw e;
                }
            }
        }
    }

    static Connection connect(Configuration configuration) throws SQLException {
        driver(configuration.require("jdbc_url"));
        return Jdbc.connect(configuration);
    }

    /**
     * The driver of {@code jdbcUrl}: Amazon's {@code com.amazon.redshift.Driver} for {@code jdbc:redshift:} (a cluster
     * or workgroup), pgjdbc's {@code org.postgresql.Driver} for {@code jdbc:postgresql:} (a PostgreSQL stand-in).
     */
    static Driver driver(String jdbcUrl) throws SQLException {
        if (!jdbcUrl.startsWith("jdbc:redshift:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("configuration key 'jdbc_url' must start with jdbc:redshift: (Amazon Redshift) or jdbc:postgresql: (PostgreSQL)");
        }
        return DriverManager.getDriver(jdbcUrl);
    }

    // ---------------------------------------------------------------------------------------------------- plans

    static List<Plan> plans(Connection source, Settings settings) throws SQLException {
        List<Plan> plans = new ArrayList<>();
        for (TableSpec spec : settings.autoSchemaDetection() ? discover(source, settings.schema()) : TABLE_SPECS) {
            plans.add(plan(source, spec, settings));
        }
        Map<String, Long> destinations = plans.stream().collect(Collectors.groupingBy(Plan::destination, Collectors.counting()));
        destinations.forEach((name, count) -> {
            if (count > 1) {
                throw new IllegalArgumentException("more than one table would be written to '" + name + "'; list each table once");
            }
        });
        return plans;
    }

    /** Every base table of {@code schema}, with its source primary key and an inferred strategy, unchunked. */
    static List<TableSpec> discover(Connection source, String schema) throws SQLException {
        List<TableSpec> specs = new ArrayList<>();
        try (PreparedStatement query = source.prepareStatement("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            query.setString(1, schema);
            try (ResultSet tables = query.executeQuery()) {
                while (tables.next()) {
                    specs.add(new TableSpec(schema + "." + tables.getString(1), List.of(), null, null, List.of(), List.of(), false));
                }
            }
        }
        Logging.info("auto schema detection: " + specs.size() + " base tables in schema " + schema);
        return specs;
    }

    static Plan plan(Connection source, TableSpec spec, Settings settings) throws SQLException {
        int dot = spec.name().indexOf('.');
        String schema = dot < 0 ? settings.schema() : spec.name().substring(0, dot);
        Table metadata = JdbcSchema.table(source, schema + "." + (dot < 0 ? spec.name() : spec.name().substring(dot + 1)));
        DatabaseMetaData databaseMetaData = source.getMetaData();
        String table = metadata.name(); // as the database stores it: Redshift and PostgreSQL fold unquoted names to lower case
        schema = databaseMetaData.storesLowerCaseIdentifiers() ? schema.toLowerCase(Locale.ROOT) : schema;
        String stream = schema + "." + table;
        Map<String, DataType> declaredTypes = new LinkedHashMap<>();
        Map<String, Column> declaredColumns = new LinkedHashMap<>();
        metadata.columns().forEach(column -> {
            declaredTypes.put(column.name(), column.type());
            declaredColumns.put(column.name(), column);
        });
        List<String> allColumns = new ArrayList<>();
        Set<String> superColumns = new HashSet<>();
        try (ResultSet columns = databaseMetaData.getColumns(source.getCatalog(), schema, table, "%")) {
            while (columns.next()) {
                if (table.equals(columns.getString("TABLE_NAME"))) {
                    allColumns.add(columns.getString("COLUMN_NAME"));
                    if (isSuper(columns.getString("TYPE_NAME"))) {
                        superColumns.add(columns.getString("COLUMN_NAME"));
                    }
                }
            }
        }
        List<String> primaryKey = spec.primaryKeys().isEmpty() ? metadata.primaryKey() : spec.primaryKeys();
        requireColumns(stream, allColumns, primaryKey, "primary key");
        if (primaryKey.isEmpty()) {
            Logging.warning(stream + ": no primary key; the destination keys its rows by a hash of their values");
        }

        List<String> selected = project(allColumns, spec.include(), spec.exclude());
        String replicationKey = null;
        if (spec.strategy() != Strategy.FULL) {
            replicationKey = spec.replicationKey() != null ? spec.replicationKey() : inferReplicationKey(selected, declaredTypes);
            if (replicationKey == null && spec.strategy() == Strategy.INCREMENTAL) {
                Logging.warning(stream + ": INCREMENTAL, but no date or timestamp column to be its replication key; synced FULL");
            }
        }
        if (replicationKey != null) {
            requireColumns(stream, allColumns, List.of(replicationKey), "replication key");
        }
        // The primary key and the replication key are always read, whatever include and exclude say.
        for (String column : allColumns) {
            if ((primaryKey.contains(column) || column.equals(replicationKey)) && !selected.contains(column)) {
                Logging.warning(stream + ": column " + column + " is read although the spec leaves it out: it is a key");
                selected.add(column);
            }
        }
        selected.sort((a, b) -> allColumns.indexOf(a) - allColumns.indexOf(b));

        String destination = schema + "_" + table;
        Table declared = Table.named(destination).primaryKey(primaryKey.toArray(String[]::new));
        for (String column : selected) {
            Column type = declaredColumns.get(column);
            if (superColumns.contains(column)) {
                declared.column(column, DataType.JSON);
            } else if (type != null && type.type() == DataType.DECIMAL) {
                declared.decimal(column, type.precision(), type.scale());
            } else if (type != null) {
                declared.column(column, type.type());
            }
        }
        boolean full = replicationKey == null || settings.completeResync();
        boolean chunked = spec.useChunking() && replicationKey != null && !settings.autoSchemaDetection();
        Plan plan = new Plan(stream, schema, table, destination, declared, List.copyOf(selected), replicationKey,
                replicationKey == null ? null : declaredTypes.get(replicationKey), full, chunked, Set.copyOf(superColumns));
        Logging.info(stream + ": " + (full ? "FULL" : "INCREMENTAL") + (replicationKey == null ? "" : " on " + replicationKey)
                + (chunked ? ", in chunks" : "") + ", columns " + selected);
        return plan;
    }

    /** The include list's columns (all when empty), less the exclude list's; names compared case-insensitively. */
    static List<String> project(List<String> columns, List<String> include, List<String> exclude) {
        Set<String> included = include.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<String> excluded = exclude.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> selected = new ArrayList<>();
        for (String column : columns) {
            String lower = column.toLowerCase(Locale.ROOT);
            if ((included.isEmpty() || included.contains(lower)) && !excluded.contains(lower)) {
                selected.add(column);
            }
        }
        return selected;
    }

    /** The first preferred name ({@link #PREFERRED_REPLICATION_KEYS}) among the date and timestamp columns, else the first of them. */
    static String inferReplicationKey(List<String> columns, Map<String, DataType> types) {
        List<String> temporal = columns.stream().filter(column -> types.get(column) != null && types.get(column).isTemporal()).toList();
        for (String preferred : PREFERRED_REPLICATION_KEYS) {
            for (String column : temporal) {
                if (column.equalsIgnoreCase(preferred)) {
                    return column;
                }
            }
        }
        return temporal.isEmpty() ? null : temporal.get(0);
    }

    /** Redshift's SUPER (semi-structured data), also as a type of that name in some schema (a stand-in's domain). */
    static boolean isSuper(String typeName) {
        String name = typeName == null ? "" : typeName.replace("\"", "");
        return name.substring(name.lastIndexOf('.') + 1).equalsIgnoreCase("super");
    }

    private static void requireColumns(String stream, List<String> columns, List<String> wanted, String what) {
        for (String column : wanted) {
            if (!columns.contains(column)) {
                throw new IllegalArgumentException(stream + ": " + what + " column '" + column + "' is not a column of the table " + columns);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- reads

    static void sync(Connection source, Plan plan, Settings settings, State state) throws SQLException {
        Object bookmark = null;
        if (plan.full()) {
            // The bookmark goes first: a checkpoint (any worker's) that commits the truncate commits no older bookmark.
            synchronized (state) {
                state.put(plan.stream(), entry(plan, null));
            }
            Operations.truncate(plan.destination()); // rows that are not read again stay marked deleted
        } else {
            bookmark = savedBookmark(plan, state);
        }
        long rows;
        if (plan.replicationKey() == null) {
            rows = read(source, plan, settings, state, null, null, null, true);
            save(state, plan, null);
        } else {
            if (bookmark == null) {
                // NULL never compares past a bookmark: such rows are read when a table is read from the start, only.
                rows = read(source, plan, settings, state, null, null, q(plan.replicationKey()) + " IS NULL", false);
            } else {
                rows = 0;
            }
            rows += plan.chunked() ? readInChunks(source, plan, settings, state, bookmark) : readAfter(source, plan, settings, state, bookmark, null);
        }
        Logging.info(plan.stream() + ": " + rows + " rows read" + (plan.replicationKey() == null ? "" : ", bookmark " + bookmarkText(state, plan)));
    }

    /** The saved bookmark, typed as the replication key; null when there is none or it is of another column. */
    static Object savedBookmark(Plan plan, State state) {
        if (!(state.get(plan.stream()) instanceof Map<?, ?> saved)) {
            return null;
        }
        if (!plan.replicationKey().equals(saved.get("replication_key"))) {
            Logging.warning(plan.stream() + ": the saved bookmark is of replication key " + saved.get("replication_key")
                    + ", not " + plan.replicationKey() + ": reading the table from the start");
            return null;
        }
        return restore(plan.replicationKeyType(), saved.get("bookmark"));
    }

    /** Chunks bounded by the replication-key value about chunk_size rows on, each read through its own cursor. */
    static long readInChunks(Connection source, Plan plan, Settings settings, State state, Object bookmark) throws SQLException {
        long total = 0;
        for (int chunk = 1; ; chunk++) {
            Object upper = upperBound(source, plan, bookmark, settings.chunkSize());
            long rows = readAfter(source, plan, settings, state, bookmark, upper);
            total += rows;
            Logging.info(plan.stream() + ": chunk " + chunk + " (" + (bookmark == null ? "from the start" : "after " + bookmark)
                    + (upper == null ? ", the rest" : ", to " + upper)
                    + "): " + rows + " rows");
            if (upper == null) {
                return total;
            }
            bookmark = upper;
        }
    }

    /**
     * The replication-key value {@code chunkSize} rows after {@code bookmark}, or null when fewer rows are left. The
     * chunk takes every row up to it, ties included, so no row is split from its equals across two chunks.
     */
    static Object upperBound(Connection source, Plan plan, Object bookmark, int chunkSize) throws SQLException {
        String key = q(plan.replicationKey());
        String sql = "SELECT " + key + " FROM " + q(plan.schema()) + "." + q(plan.table()) + " WHERE " + key + " IS NOT NULL"
                + (bookmark == null ? "" : " AND " + key + " > ?") + " ORDER BY " + key + " LIMIT 1 OFFSET " + (chunkSize - 1);
        Object[] upper = {null};
        Jdbc.stream(source, sql, bookmark == null ? List.of() : List.of(bookmark), 1, row -> upper[0] = row.get(plan.replicationKey()));
        return upper[0];
    }

    /** The rows with a replication key past {@code bookmark} (all when null) and up to {@code upper} (no bound when null). */
    static long readAfter(Connection source, Plan plan, Settings settings, State state, Object bookmark, Object upper) throws SQLException {
        String key = q(plan.replicationKey());
        List<Object> parameters = new ArrayList<>();
        List<String> conditions = new ArrayList<>(List.of(key + " IS NOT NULL"));
        if (bookmark != null) {
            conditions.add(key + " > ?");
            parameters.add(bookmark);
        }
        if (upper != null) {
            conditions.add(key + " <= ?");
            parameters.add(upper);
        }
        return read(source, plan, settings, state, parameters, upper, String.join(" AND ", conditions), true);
    }

    /**
     * Streams the rows that meet {@code condition} (in replication-key order when there is one) into the destination,
     * checkpointing about every checkpoint_every_rows rows. A checkpoint inside a read saves the last replication-key
     * value whose rows have all been written (the rows of the value being read may not be), so a sync that stops there
     * resumes without losing a row; at the end the bookmark is {@code upper}, or the last value read.
     */
    static long read(Connection source, Plan plan, Settings settings, State state, List<Object> parameters, Object upper,
            String condition, boolean advance) throws SQLException {
        String key = plan.replicationKey();
        String sql = "SELECT " + plan.columns().stream().map(connector::q).collect(Collectors.joining(", "))
                + " FROM " + q(plan.schema()) + "." + q(plan.table())
                + (condition == null ? "" : " WHERE " + condition)
                + (key == null || !advance ? "" : " ORDER BY " + q(key));
        Object[] last = {null};
        Object[] done = {null};
        long[] sinceCheckpoint = {0};
        long rows = Jdbc.stream(source, sql, parameters == null ? List.of() : parameters, settings.batchSize(), row -> {
            Object value = key == null ? null : row.get(key);
            for (String column : plan.superColumns()) {
                row.put(column, json(plan, column, row.get(column)));
            }
            Operations.upsert(plan.destination(), row);
            if (advance && value != null) {
                if (last[0] != null && !value.equals(last[0])) {
                    done[0] = last[0];
                }
                last[0] = value;
            }
            // A read in no order (a FULL table's, or the NULL keys of a read from the start) has no bookmark yet.
            boolean ordered = advance && key != null;
            if (++sinceCheckpoint[0] >= settings.checkpointEvery() && (!ordered || done[0] != null)) {
                save(state, plan, ordered ? done[0] : null);
                sinceCheckpoint[0] = 0;
            }
        });
        if (advance && key != null) {
            Object end = upper != null ? upper : last[0];
            if (end != null) {
                save(state, plan, end);
            }
        }
        return rows;
    }

    /** A SUPER value, which the drivers give as JSON text, as JSON. */
    static Object json(Plan plan, String column, Object value) throws SQLException {
        if (!(value instanceof String text)) {
            return value;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException(plan.stream() + ": SUPER column " + column + " holds text that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- state

    /**
     * Saves {@code {"bookmark": ..., "replication_key": ...}} under the table's {@code schema.table} and checkpoints.
     * Workers share the state, so each change and checkpoint is made under its lock: a checkpoint commits what every
     * worker wrote so far, with the bookmarks of rows already written.
     */
    static void save(State state, Plan plan, Object bookmark) {
        synchronized (state) {
            state.put(plan.stream(), entry(plan, bookmark));
            Operations.checkpoint(state);
        }
    }

    private static Map<String, Object> entry(Plan plan, Object bookmark) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("bookmark", bookmark == null ? null : text(bookmark));
        entry.put("replication_key", plan.replicationKey());
        return entry;
    }

    private static Object bookmarkText(State state, Plan plan) {
        synchronized (state) {
            return state.get(plan.stream()) instanceof Map<?, ?> saved ? saved.get("bookmark") : null;
        }
    }

    /** A bookmark as JSON holds it: dates and times as ISO text, decimals as plain text, other numbers as numbers. */
    static Object text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value instanceof Temporal || !(value instanceof Number) ? value.toString() : value;
    }

    /** A saved bookmark as the value of its column's type, to bind as a parameter. */
    static Object restore(DataType type, Object saved) {
        if (!(saved instanceof String text) || type == null) {
            return saved;
        }
        return switch (type) {
            case NAIVE_DATE -> LocalDate.parse(text);
            case NAIVE_DATETIME -> LocalDateTime.parse(text);
            case UTC_DATETIME -> OffsetDateTime.parse(text);
            case DECIMAL -> new BigDecimal(text);
            default -> text;
        };
    }

    /** An identifier quoted for SQL, as the source spells it. */
    static String q(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static int positive(Configuration configuration, String key, int fallback) {
        int value = configuration.getInt(key, fallback);
        if (value < 1) {
            throw new IllegalArgumentException("configuration value of '" + key + "' must be at least 1");
        }
        return value;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
