package fivetran.connector.sdk.jdbc;

import fivetran.connector.sdk.Configuration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Connects to a source database from the configuration, and streams query results as rows of SDK values.
 *
 * <pre>{@code
 * try (Connection source = Jdbc.connect(configuration)) {
 *     Jdbc.stream(source, "SELECT * FROM orders WHERE region = ?", List.of("eu"), 5_000,
 *             row -> Operations.upsert("orders", row));
 * }
 * }</pre>
 */
public final class Jdbc {
    /** The rows a query reads, one at a time. */
    @FunctionalInterface
    public interface RowHandler {
        void accept(Map<String, Object> row) throws SQLException;
    }

    /** The first stack frame in a message: Teradata's driver writes its stack trace into its messages. */
    private static final java.util.regex.Pattern STACK_FRAME = java.util.regex.Pattern.compile("\\s+at [\\w.$]+\\.[\\w$<>]+\\(");

    private Jdbc() {
    }

    /**
     * Connects with the configuration keys {@code jdbc_url} (required), {@code user} and {@code password}. The driver
     * must be on the class path, e.g. {@code //DEPS org.postgresql:postgresql:42.7.14}. Errors never show the URL,
     * which may hold credentials.
     */
    public static Connection connect(Configuration configuration) throws SQLException {
        return connect(configuration, "");
    }

    /**
     * Connects with the keys of a profile: {@code <profile>.jdbc_url}, {@code <profile>.user} and
     * {@code <profile>.password}, e.g. {@code prod.jdbc_url}; an empty profile reads the plain keys.
     */
    public static Connection connect(Configuration configuration, String profile) throws SQLException {
        String prefix = profile.isEmpty() ? "" : profile + ".";
        String urlKey = prefix + "jdbc_url";
        String url = configuration.require(urlKey);
        return connect(url, configuration.get(prefix + "user", ""), configuration.get(prefix + "password", ""), "key '" + urlKey + "'");
    }

    /**
     * Connects to {@code url}, which the connector built from its configuration (a vendor's {@code server},
     * {@code port}, {@code database}...), as {@code user}. An error names {@code keys}, the configuration keys the
     * URL came from (e.g. {@code "keys 'server', 'port' and 'database'"}), and never shows the URL or the password (nor
     * a stack trace that a driver wrote into its message):
     *
     * <pre>{@code
     * Jdbc.connect("jdbc:sqlserver://" + server + ";databaseName=" + database, user, password, "keys 'server' and 'database'")
     * // cannot connect to the database of configuration keys 'server' and 'database': Login failed for user 'sa'.
     * }</pre>
     */
    public static Connection connect(String url, String user, String password, String keys) throws SQLException {
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            String message = STACK_FRAME.split(String.valueOf(e.getMessage()).replace(url, "<url>"), 2)[0];
            if (password != null && !password.isEmpty()) {
                message = message.replace(password, "<password>");
            }
            // without the cause: its message and stack trace may show the URL
            throw new SQLException("cannot connect to the database of configuration " + keys + ": " + message, e.getSQLState());
        }
    }

    /**
     * Runs {@code sql} with {@code parameters} and hands each row to {@code handler} as {@link RowReader} reads it,
     * fetching {@code fetchSize} rows at a time, so memory stays bounded however large the result. For PostgreSQL this
     * needs a transaction (a server-side cursor): when the connection is in auto-commit mode, the query runs in a
     * read transaction that ends with it. MariaDB's driver streams with the fetch size as is; MySQL's needs
     * {@code useCursorFetch=true} in the URL. A driver without transactions (Hive's) reads in auto-commit mode.
     *
     * @return the number of rows read
     */
    public static long stream(Connection connection, String sql, List<?> parameters, int fetchSize, RowHandler handler) throws SQLException {
        // Hive's driver has no transactions: its rollback() throws, so it reads in auto-commit mode
        boolean autoCommit = connection.getAutoCommit() && connection.getMetaData().supportsTransactions();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        try (PreparedStatement query = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            query.setFetchSize(fetchSize);
            for (int i = 0; i < parameters.size(); i++) {
                query.setObject(i + 1, parameters.get(i));
            }
            long count = 0;
            try (ResultSet rows = query.executeQuery()) {
                RowReader reader = RowReader.of(rows);
                while (rows.next()) {
                    handler.accept(reader.read());
                    count++;
                }
            }
            if (autoCommit) {
                endReadTransaction(connection);
            }
            return count;
        } catch (Throwable failure) {
            // A failed read often leaves the connection broken, so the rollback fails too; the read's failure is the
            // one to report, e.g. the driver's OutOfMemoryError rather than the I/O error of the rollback after it.
            if (autoCommit) {
                try {
                    endReadTransaction(connection);
                } catch (SQLException | RuntimeException cleanup) {
                    failure.addSuppressed(cleanup);
                }
            }
            throw failure;
        }
    }

    private static void endReadTransaction(Connection connection) throws SQLException {
        connection.rollback();
        connection.setAutoCommit(true);
    }
}
