package fivetran.connector.sdk.warehouse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.slf4j.LoggerFactory;

/**
 * The local warehouse: {@code files/warehouse.db}, a DuckDB file whose schema {@code tester} holds the synced
 * tables, and whose schema {@code _connector_sdk} holds the committed state, so that rows and state commit in
 * one transaction.
 */
public final class Warehouse implements Destination, AutoCloseable {
    public static final String SCHEMA = "tester";
    static final String META = "_connector_sdk";
    private static final Pattern LOCK_PID = Pattern.compile("PID (\\d+)");
    private static final Pattern DAMAGED_LOG_ENTRY = Pattern.compile("Corrupt WAL file: entry at byte position (\\d+) computed checksum");

    private final Path file;
    private final DuckDBConnection connection;
    private PreparedStatement updateState;
    /** DuckDB's connection runs one call at a time: producer threads opening or flushing their Appenders take turns. */
    final Lock appenderCalls = new ReentrantLock();

    /** The committed state, the state committed before it, and the number of the commit that holds it (it only grows). */
    public record CommittedState(String state, String previousState, long checkpoint) {
    }

    private Warehouse(Path file, DuckDBConnection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Starts loading DuckDB's native library on a daemon thread. DuckDB unpacks it from its jar (60 MB) at every
     * start, about half a second, which then overlaps the command's other start-up work instead of following it.
     */
    public static void preloadInBackground() {
        Thread loader = new Thread(() -> {
            try {
                Class.forName("org.duckdb.DuckDBNative");
            } catch (ClassNotFoundException | LinkageError e) {
                // opening the warehouse reports it
            }
        }, "duckdb-preload");
        loader.setDaemon(true);
        loader.start();
    }

    /** Opens an existing warehouse file; fails with advice when there is none yet. */
    public static Warehouse openExisting(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WarehouseException("there is no warehouse at " + file + " yet: run debug first", null);
        }
        return open(file);
    }

    /** Opens (creating if needed) the warehouse file; fails clearly when another process holds it. */
    public static Warehouse open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Class.forName("org.duckdb.DuckDBDriver");
            try {
                return connect(file);
            } catch (SQLException e) {
                if (!cutDamagedLog(file, e)) {
                    throw e;
                }
                return connect(file);
            }
        } catch (SQLException e) {
            throw openFailure(file, e);
        } catch (Exception | LinkageError e) {
            throw new WarehouseException("cannot open the warehouse " + file + ": " + e.getMessage(), e);
        }
    }

    private static Warehouse connect(Path file) throws SQLException {
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
        Warehouse warehouse = new Warehouse(file, connection);
        warehouse.prepare();
        return warehouse;
    }

    /**
     * DuckDB refuses the whole warehouse when an entry of its write-ahead log fails its checksum, which is what a torn
     * write leaves (a power cut on a disk that acknowledged a flush it had not made): the log's last transaction cut
     * short, zero-filled or overwritten. The entries before it are intact, so the log is copied aside and cut where the
     * damaged entry starts; DuckDB then replays the commits before it and drops the unfinished transaction, and the
     * sync resumes from that checkpoint (state.json, ahead of it, is not trusted). Returns whether it cut the log.
     */
    private static boolean cutDamagedLog(Path file, SQLException e) throws IOException {
        Matcher damaged = DAMAGED_LOG_ENTRY.matcher(String.valueOf(e.getMessage()));
        Path log = file.resolveSibling(file.getFileName() + ".wal");
        if (!damaged.find() || !Files.isRegularFile(log)) {
            return false;
        }
        // DuckDB reports where the entry's data starts, after its size and checksum (8 bytes each)
        long entry = Long.parseLong(damaged.group(1)) - 16;
        long size = Files.size(log);
        if (entry < 0 || entry >= size) {
            return false;
        }
        Path kept = log.resolveSibling(log.getFileName() + ".damaged");
        for (int n = 2; Files.exists(kept); n++) {
            kept = log.resolveSibling(log.getFileName() + ".damaged-" + n);
        }
        Files.copy(log, kept);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(entry);
            channel.force(true);
        }
        // the logger is looked up here, not in a static field: this class loads before the SDK has set up SLF4J's provider
        LoggerFactory.getLogger("sdk").warn("the warehouse's write-ahead log {} is damaged at byte {} of {} (its last commit did not fully reach the disk: a power "
                + "cut or a lost write); it was kept as {} and cut there, so the warehouse opens at its last intact commit", log, entry, size,
                kept.getFileName());
        return true;
    }

    private static WarehouseException openFailure(Path file, SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Could not set lock")) {
            Matcher pid = LOCK_PID.matcher(message);
            return new WarehouseException("the warehouse " + file + " is locked by another process"
                    + (pid.find() ? " (PID " + pid.group(1) + ")" : "")
                    + ": another sync of this project (debug or run), or a program that holds it open. Stop that process and try again.", e, true);
        }
        return new WarehouseException("cannot open the warehouse " + file + ": " + firstLine(message)
                + ". The file was left as it is; move it away or run reset to start over.", e);
    }

    private void prepare() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            // DuckDB checkpoints whenever the WAL passes 16 MB, rewriting the table's primary-key index each time: a
            // sync committing 100,000 rows per checkpoint spent most of its time there. Commits stay durable in the WAL.
            statement.execute("SET checkpoint_threshold = '1GB'");
            statement.execute("SET memory_limit = '" + memoryLimit(statement) + "'");
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + META);
            statement.execute("CREATE TABLE IF NOT EXISTS " + META + ".state (id INTEGER PRIMARY KEY, state VARCHAR NOT NULL, "
                    + "previous_state VARCHAR NOT NULL, checkpoints BIGINT NOT NULL, committed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
    }

    /**
     * DuckDB's memory limit: {@value #MEMORY_PROPERTY} or {@value #MEMORY_ENV} (in DuckDB's syntax, e.g. {@code 2GiB}), else
     * the smaller of 768 MiB and a quarter of the machine's memory. With DuckDB's own default, 80% of the machine, a
     * 10,000,000-row primary-key sync in -Xmx256m grew to 3.5 GB resident; with 768 MiB it peaks at 1.3 GB, as fast
     * (1 GiB: 1.57 GB). Past the limit DuckDB spills to {@code warehouse.db.tmp}.
     */
    private static String memoryLimit(Statement statement) throws SQLException {
        String given = System.getProperty(MEMORY_PROPERTY, System.getenv(MEMORY_ENV));
        if (given != null && !given.isBlank()) {
            return given.strip().replace("'", "");
        }
        // DuckDB's default is 80% of the machine, e.g. "18.8 GiB": asking it spares loading the JDK's management classes
        // (reset first: a connection of this process to the same file shares its database, and the limit set then)
        statement.execute("RESET memory_limit");
        try (ResultSet setting = statement.executeQuery("SELECT current_setting('memory_limit')")) {
            setting.next();
            Matcher size = MEMORY_SIZE.matcher(setting.getString(1));
            if (!size.matches()) {
                return DEFAULT_MEMORY_MIB + "MiB";
            }
            double machineMiB = Double.parseDouble(size.group(1)) * Math.pow(1024, "KMGTP".indexOf(size.group(2)) - 1) / 0.8;
            return Math.min(DEFAULT_MEMORY_MIB, (long) (machineMiB / 4)) + "MiB";
        }
    }

    private static final long DEFAULT_MEMORY_MIB = 768;
    private static final Pattern MEMORY_SIZE = Pattern.compile("([0-9.]+) ?([KMGTP])i?B");
    static final String MEMORY_PROPERTY = "connector.sdk.duckdb.memoryLimit";
    static final String MEMORY_ENV = "CONNECTOR_SDK_DUCKDB_MEMORY_LIMIT";

    public Path file() {
        return file;
    }

    @Override
    public Path location() {
        return file;
    }

    /**
     * The DuckDB tester's commit: in one transaction, the definitions, then the staged segments merged set-wise with
     * {@link MergeSql}'s statements (staging and tables share this connection), then the state.
     */
    @Override
    public void commit(List<TableChange> tables, String state, String previousState) throws SQLException {
        connection.setAutoCommit(false);
        try {
            CrashWindows.enter(CrashWindows.MERGING);
            for (TableChange table : tables) {
                execute(MergeSql.applyDefinition(table.desired(), table.committed()));
            }
            for (TableChange table : tables) {
                for (MergeSql.Segment segment : table.segments()) {
                    execute(MergeSql.merge(table.desired(), table.stagingTable(), segment));
                }
            }
            if (state != null) {
                writeState(state, previousState);
            }
            CrashWindows.enter(CrashWindows.BEFORE_COMMIT);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    void execute(List<MergeSql.Statement> statements) throws SQLException {
        for (MergeSql.Statement statement : statements) {
            try {
                if (statement.parameters().isEmpty()) {
                    execute(statement.sql());
                } else {
                    try (var prepared = connection.prepareStatement(statement.sql())) {
                        for (int i = 0; i < statement.parameters().size(); i++) {
                            prepared.setObject(i + 1, statement.parameters().get(i));
                        }
                        prepared.executeUpdate();
                    }
                }
            } catch (SQLException e) {
                if (statement.refusal() == null) {
                    throw e;
                }
                throw new InvalidInputException(statement.refusal() + ": " + firstLine(e.getMessage()), e);
            }
        }
    }

    DuckDBConnection connection() {
        return connection;
    }

    /** The state of the last committed checkpoint, or null when nothing was ever committed. */
    @Override
    public CommittedState committedState() {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT state, previous_state, checkpoints FROM " + META + ".state WHERE id = 1")) {
            return rows.next() ? new CommittedState(rows.getString(1), rows.getString(2), rows.getLong(3)) : null;
        } catch (SQLException e) {
            throw new WarehouseException("cannot read the committed state from " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Records {@code state} as committed; runs inside the caller's transaction. The update is prepared once: an
     * INSERT OR REPLACE with a subquery for the count, prepared at each checkpoint, cost three times as much.
     */
    private void writeState(String state, String previousState) throws SQLException {
        if (updateState == null) {
            updateState = connection.prepareStatement("UPDATE " + META + ".state SET state = ?, previous_state = ?, "
                    + "checkpoints = checkpoints + 1, committed_at = now() WHERE id = 1");
        }
        updateState.setString(1, state);
        updateState.setString(2, previousState);
        if (updateState.executeUpdate() == 0) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + META + ".state VALUES (1, ?, ?, 1, now())")) {
                insert.setString(1, state);
                insert.setString(2, previousState);
                insert.executeUpdate();
            }
        }
    }

    /** DuckDB's reserved words, in lower case. */
    @Override
    public Set<String> reservedWords() {
        Set<String> words = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'")) {
            while (rows.next()) {
                words.add(rows.getString(1).toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            throw new WarehouseException("cannot read DuckDB's reserved words: " + e.getMessage(), e);
        }
        return words;
    }

    /** The tables of schema {@code tester} as they are now, by name. */
    @Override
    public Map<String, TableDefinition> tables() throws SQLException {
        Map<String, TableDefinition> tables = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT table_name, column_name, data_type, comment "
                + "FROM duckdb_columns() WHERE schema_name = ? AND database_name = current_database() ORDER BY table_name, column_index")) {
            query.setString(1, SCHEMA);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String column = rows.getString(2);
                    TableDefinition table = tables.computeIfAbsent(rows.getString(1), TableDefinition::new);
                    if (!column.equals(TableDefinition.ID) && !column.equals(TableDefinition.SYNCED) && !column.equals(TableDefinition.DELETED)) {
                        table.columns.put(column, ColumnType.fromSql(rows.getString(3), rows.getString(4)));
                    }
                }
            }
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT table_name, constraint_column_names FROM duckdb_constraints() "
                + "WHERE schema_name = ? AND database_name = current_database() AND constraint_type = 'PRIMARY KEY'")) {
            query.setString(1, SCHEMA);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    TableDefinition table = tables.get(rows.getString(1));
                    Object[] key = (Object[]) rows.getArray(2).getArray();
                    if (table != null && !(key.length == 1 && TableDefinition.ID.equals(key[0]))) {
                        for (Object column : key) {
                            table.primaryKey.add((String) column);
                        }
                    }
                }
            }
        }
        return tables;
    }

    /** The tables of schema {@code tester} with their columns, keys and row counts, by name. */
    public List<TableSummary> summaries() {
        try {
            List<TableSummary> summaries = new ArrayList<>();
            for (TableDefinition table : tables().values()) {
                summaries.add(summary(table));
            }
            return summaries;
        } catch (SQLException e) {
            throw new WarehouseException("cannot read the tables of " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** The summary of one table, or null when it does not exist. */
    @Override
    public TableSummary summary(String name) {
        try {
            TableDefinition table = tables().get(name);
            return table == null ? null : summary(table);
        } catch (SQLException e) {
            throw new WarehouseException("cannot read table " + name + " of " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    private TableSummary summary(TableDefinition table) throws SQLException {
        List<TableSummary.ColumnSummary> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT column_name, data_type FROM duckdb_columns() "
                + "WHERE schema_name = ? AND table_name = ? AND database_name = current_database() ORDER BY column_index")) {
            query.setString(1, SCHEMA);
            query.setString(2, table.name);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String column = rows.getString(1);
                    ColumnType type = table.columns.get(column);
                    boolean key = table.keyedById() ? column.equals(TableDefinition.ID) : table.primaryKey.contains(column);
                    columns.add(new TableSummary.ColumnSummary(column, rows.getString(2), type == null ? "system" : type.toString(), key));
                }
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet counts = statement.executeQuery("SELECT count(*) FILTER (WHERE NOT " + TableDefinition.DELETED + "), count(*) FILTER (WHERE "
                     + TableDefinition.DELETED + ") FROM " + qualified(table.name))) {
            counts.next();
            return new TableSummary(table.name, columns, counts.getLong(1), counts.getLong(2));
        }
    }

    /** Runs a query with schema {@code tester} as the default schema. */
    public QueryResult query(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("USE " + SCHEMA);
            try (ResultSet rows = statement.executeQuery(sql)) {
                return QueryResult.read(rows);
            }
        } catch (SQLException e) {
            throw new WarehouseException("query failed: " + firstLine(e.getMessage()), e);
        }
    }

    static String qualified(String table) {
        return SCHEMA + "." + Naming.quote(table);
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }


    /**
     * The line of a DuckDB error that says what went wrong. DuckDB's JDBC driver often leads with a generic
     * "unsuccessful or closed pending query result" line and puts the cause on a later "Error:" line.
     */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String[] lines = message.split("\n");
        for (String line : lines) {
            if (line.startsWith("Error: ")) {
                return line.substring("Error: ".length());
            }
        }
        return lines[0];
    }

    @Override
    public void close() {
        try {
            if (updateState != null) {
                updateState.close();
            }
            connection.close();
        } catch (SQLException e) {
            throw new WarehouseException("cannot close the warehouse " + file + ": " + e.getMessage(), e);
        }
    }
}
