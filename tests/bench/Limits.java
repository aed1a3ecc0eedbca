import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The engine's limits on the benchmark's rows, with nothing of the SDK in the loop: each value built plainly as the
 * type DuckDB stores (the JSON payload a ready string) and appended straight into DuckDB.
 */
final class Limits {
    private Limits() {
    }

    /** The raw Appender into a plain table {@code plain}. */
    static void rawAppender(Path database, long rows) throws SQLException {
        try (DuckDBConnection connection = open(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE plain (" + BenchRows.columnsSql() + ")");
            try (DuckDBAppender appender = connection.createAppender("main", "plain")) {
                for (long i = 0; i < rows; i++) {
                    append(appender, i);
                }
            }
        }
    }

    /**
     * The primary-key limit, as the SDK's path does it: each checkpoint's rows appended into a temporary staging
     * table, then, in one transaction, {@code INSERT OR REPLACE} into the table with the primary key and the staging
     * table emptied.
     */
    static void primaryKey(Path database, long rows) throws SQLException {
        try (DuckDBConnection connection = open(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE keyed (" + BenchRows.columnsSql() + ", PRIMARY KEY (id))");
            statement.execute("CREATE TEMP TABLE staging (" + BenchRows.columnsSql() + ")");
            for (long batch = 0; batch < rows; batch += BenchRows.CHECKPOINT_EVERY) {
                try (DuckDBAppender appender = connection.createAppender("temp", "main", "staging")) {
                    for (long i = batch; i < Math.min(rows, batch + BenchRows.CHECKPOINT_EVERY); i++) {
                        append(appender, i);
                    }
                }
                connection.setAutoCommit(false);
                statement.execute("INSERT OR REPLACE INTO keyed SELECT * FROM staging");
                statement.execute("DELETE FROM staging");
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
    }

    /** Writes the raw Appender's table {@code plain} of {@code database} to a Parquet file, for {@link #bulkLoad}. */
    static void exportParquet(Path database, Path parquet) throws SQLException {
        try (DuckDBConnection connection = open(database); Statement statement = connection.createStatement()) {
            statement.execute("COPY plain TO '" + parquet + "' (FORMAT parquet)");
        }
    }

    /** DuckDB's own bulk load of the same rows from a Parquet file: the engine's ceiling. */
    static void bulkLoad(Path database, Path parquet) throws SQLException {
        try (DuckDBConnection connection = open(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bulk (" + BenchRows.columnsSql() + ")");
            statement.execute("INSERT INTO bulk SELECT * FROM read_parquet('" + parquet + "')");
        }
    }

    /** Row {@code i}, version 1, of {@link BenchRows#row}, each value built in place. */
    private static void append(DuckDBAppender appender, long i) throws SQLException {
        appender.beginRow();
        appender.append(i);
        appender.append("name " + i);
        appender.append("user" + i + "@example.com");
        appender.append(BigDecimal.valueOf(i % 10_000_000, 2));
        appender.append((i % 1000) * 0.37);
        appender.append((i + 1) % 3 != 0);
        appender.append(BenchRows.BASE.plusSeconds(i));
        appender.append(BenchRows.BASE.plusSeconds(i + 3600L));
        appender.append("{\"source\":\"bench\",\"sequence\":" + i + ",\"detail\":{\"version\":1,\"even\":" + (i % 2 == 0) + "}}");
        appender.endRow();
    }

    static DuckDBConnection open(Path database) throws SQLException {
        return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + database);
    }
}
