import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The real-data path's source: a database of its own on the local PostgreSQL (127.0.0.1:5432, the passwordless
 * {@code postgres} administrator, as the SDK's CI and the test kit's SourceDatabase have it), filled by
 * {@code pgbench -i}, dropped by {@link #close()}.
 */
final class RealData implements AutoCloseable {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";
    static final String TABLE = "pgbench_accounts";
    /** What is compared between the source and the warehouse. */
    static final String SUMS = "SELECT count(*), sum(abalance), sum(aid), sum(bid) FROM ";

    final String database = "connector_sdk_bench_" + ProcessHandle.current().pid();

    /** Whether the server answers. */
    static boolean reachable() {
        DriverManager.setLoginTimeout(5);
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Creates the database and runs {@code pgbench -i -s scale} into it: scale × 100,000 rows of pgbench_accounts. */
    RealData(int scale) throws Exception {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        admin("CREATE DATABASE " + database);
        Commands.run(Path.of("."), List.of("pgbench", "-i", "-q", "-s", String.valueOf(scale), "-h", "127.0.0.1", "-p", "5432", "-U", USER, database));
    }

    String url() {
        return SERVER + database;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** PostgreSQL's own export of the table, {@code COPY ... TO STDOUT} through the driver's CopyManager, discarded. */
    long copyOut() throws Exception {
        try (Connection connection = connect()) {
            return new CopyManager(connection.unwrap(BaseConnection.class)).copyOut("COPY " + TABLE + " TO STDOUT", OutputStream.nullOutputStream());
        }
    }

    /** The raw Appender on the same rows: streamed from a JDBC ResultSet (10,000 rows a fetch) straight into DuckDB. */
    long appendFromResultSet(Path duckdb) throws SQLException {
        long rows = 0;
        try (Connection source = connect();
             DuckDBConnection target = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + duckdb);
             Statement create = target.createStatement()) {
            create.execute("CREATE TABLE " + TABLE + " (aid INTEGER, bid INTEGER, abalance INTEGER, filler VARCHAR)");
            source.setAutoCommit(false); // the driver streams with a fetch size only inside a transaction
            try (PreparedStatement select = source.prepareStatement("SELECT aid, bid, abalance, filler FROM " + TABLE);
                 DuckDBAppender appender = target.createAppender("main", TABLE)) {
                select.setFetchSize(10_000);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        appender.beginRow();
                        appender.append(result.getInt(1));
                        appender.append(result.getInt(2));
                        appender.append(result.getInt(3));
                        appender.append(result.getString(4));
                        appender.endRow();
                        rows++;
                    }
                }
            }
            source.commit();
        }
        return rows;
    }

    /** count(*), sum(abalance), sum(aid), sum(bid) of the source table. */
    List<Long> sums() throws SQLException {
        try (Connection connection = connect()) {
            return sums(connection, TABLE);
        }
    }

    static List<Long> sums(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(SUMS + table)) {
            row.next();
            return List.of(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
        }
    }

    @Override
    public void close() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
