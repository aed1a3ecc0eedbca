package fivetran.connector.sdk.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A source database of a test's own on a local PostgreSQL or MariaDB server: a new schema (PostgreSQL, in database
 * {@code test}) or database (MariaDB) with a unique name, dropped by {@link #close()}, so that tests and parallel runs
 * never meet. The servers are those on 127.0.0.1 with the default ports and passwordless administrators
 * ({@code postgres}, {@code root}), as the SDK's CI starts them. The JDBC driver comes from the connector's own
 * {@code //DEPS}.
 *
 * <pre>{@code
 * private SourceDatabase source;
 *
 * @BeforeEach
 * void createSource() {
 *     source = SourceDatabase.postgresql().executeFile(Path.of("source.sql"));
 * }
 *
 * @AfterEach
 * void dropSource() {
 *     source.close();
 * }
 *
 * TestSync.of(connector).configure("jdbc_url", source.url())...
 * source.execute("UPDATE customers SET email = 'ada@new.example.com' WHERE id = 1");
 * }</pre>
 */
public final class SourceDatabase implements AutoCloseable {
    private static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";

    private final String name;
    private final String url;
    private final String user;
    private final String drop;
    private final String admin;

    private SourceDatabase(String name, String url, String user, String admin, String create, String drop) {
        this.name = name;
        this.url = url;
        this.user = user;
        this.admin = admin;
        this.drop = drop;
        run(admin, create);
    }

    private static String uniqueName() {
        return "sdk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A new schema in PostgreSQL's database {@code test}; the URL makes it the current schema. */
    public static SourceDatabase postgresql() {
        String name = uniqueName();
        return new SourceDatabase(name, POSTGRESQL + "?currentSchema=" + name, "postgres", POSTGRESQL,
                "CREATE SCHEMA " + name, "DROP SCHEMA " + name + " CASCADE");
    }

    /**
     * The schema {@code name} in PostgreSQL's database {@code test}, made anew (one a killed test left is dropped first),
     * for a test whose assertions name it; the URL makes it the current schema.
     */
    public static SourceDatabase postgresql(String name) {
        return new SourceDatabase(name, POSTGRESQL + "?currentSchema=" + name, "postgres", POSTGRESQL,
                "DROP SCHEMA IF EXISTS " + name + " CASCADE; CREATE SCHEMA " + name, "DROP SCHEMA " + name + " CASCADE");
    }

    /** A new MariaDB database; the URL selects it and allows several statements per call. */
    public static SourceDatabase mariadb() {
        String name = uniqueName();
        return new SourceDatabase(name, MARIADB + name + "?allowMultiQueries=true", "root", MARIADB + "test",
                "CREATE DATABASE " + name, "DROP DATABASE " + name);
    }

    /** The schema's (PostgreSQL) or database's (MariaDB) name, e.g. to qualify a table: {@code name() + ".orders"}. */
    public String name() {
        return name;
    }

    /** The JDBC URL of this database: PostgreSQL's has it as the current schema, MariaDB's selects it. */
    public String url() {
        return url;
    }

    /** The server's administrator, whose password is empty. */
    public String user() {
        return user;
    }

    /** A new connection to this database. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    /** Runs SQL, several statements separated by semicolons allowed; a failure is an AssertionError naming the SQL. */
    public SourceDatabase execute(String sql) {
        run(url, sql);
        return this;
    }

    /** Runs the SQL file at {@code file}, e.g. an example's {@code source.sql}. */
    public SourceDatabase executeFile(Path file) {
        try {
            return execute(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The single value of a query. */
    public Object value(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getObject(1) : null;
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    /** A configuration.json text: this database's {@code jdbc_url} and {@code user}, then more key-value pairs. */
    public String configuration(String... moreKeysAndValues) {
        StringBuilder json = new StringBuilder("{\"jdbc_url\": \"" + url + "\", \"user\": \"" + user + "\", \"password\": \"\"");
        for (int i = 0; i + 1 < moreKeysAndValues.length; i += 2) {
            json.append(", \"").append(moreKeysAndValues[i]).append("\": \"").append(moreKeysAndValues[i + 1]).append('"');
        }
        return json.append('}').toString();
    }

    private void run(String jdbcUrl, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, ""); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    /** Drops the schema or database with everything in it. */
    @Override
    public void close() {
        run(admin, drop);
    }
}
