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
import java.util.function.UnaryOperator;

/**
 * A source database of a test's own on a local PostgreSQL or MariaDB server: a new schema (PostgreSQL, in database
 * {@code test}) or database (MariaDB) with a unique name, dropped by {@link #close()}, so that tests and parallel runs
 * never meet. The servers are those on 127.0.0.1 with the default ports and passwordless administrators
 * ({@code postgres}, {@code root}), as the SDK's CI starts them. Or, with no server, {@link #h2(String, String...)}: an
 * in-memory H2 database in a vendor's compatibility mode, kept alive until {@link #close()}. The JDBC driver comes from
 * the connector's own {@code //DEPS} ({@code org.postgresql:postgresql}, {@code org.mariadb.jdbc:mariadb-java-client},
 * {@code com.h2database:h2}).
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

    /** The password of every H2 source: not empty, so that a test can try a wrong one. */
    private static final String H2_PASSWORD = "h2-test-password";

    private final String name;
    private final String url;
    private final String user;
    private final String password;
    private final String drop;
    private final String admin;
    /** H2 only: the connection that keeps the in-memory database alive and runs {@link #execute(String)}. */
    private final Connection kept;

    private SourceDatabase(String name, String url, String user, String admin, String create, String drop) {
        this.name = name;
        this.url = url;
        this.user = user;
        this.password = "";
        this.admin = admin;
        this.drop = drop;
        this.kept = null;
        run(admin, create);
    }

    private SourceDatabase(String name, String url, String user, String password) {
        this.name = name;
        this.url = url;
        this.user = user;
        this.password = password;
        this.admin = null;
        this.drop = null;
        try {
            this.kept = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw new AssertionError("cannot open " + url + ": " + e.getMessage(), e);
        }
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

    /**
     * A new in-memory H2 database with a unique name, in H2's compatibility {@code mode} ({@code "DB2"},
     * {@code "MSSQLServer"}, {@code "MySQL"}...; null or empty for H2's own), with more URL {@code settings} such as
     * {@code "DATABASE_TO_UPPER=FALSE"}. One connection stays open until {@link #close()}, which keeps the database
     * (H2 drops an in-memory database with its last connection). The user is {@code sa} with {@link #password()};
     * {@link #execute(String)} runs on the kept connection, several statements separated by semicolons allowed (H2's
     * parser splits them, skipping {@code --} and block comments and semicolons in quotes).
     */
    public static SourceDatabase h2(String mode, String... settings) {
        String name = uniqueName();
        StringBuilder url = new StringBuilder("jdbc:h2:mem:").append(name);
        if (mode != null && !mode.isEmpty()) {
            url.append(";MODE=").append(mode);
        }
        for (String setting : settings) {
            url.append(';').append(setting);
        }
        return new SourceDatabase(name, url.toString(), "sa", H2_PASSWORD);
    }

    /** The schema's (PostgreSQL) or database's (MariaDB, H2) name, e.g. to qualify a table: {@code name() + ".orders"}. */
    public String name() {
        return name;
    }

    /** The JDBC URL of this database: PostgreSQL's has it as the current schema, MariaDB's selects it, H2's has the mode. */
    public String url() {
        return url;
    }

    /** The server's administrator (PostgreSQL, MariaDB), whose password is empty, or H2's {@code sa}. */
    public String user() {
        return user;
    }

    /** The user's password: empty for PostgreSQL and MariaDB, a fixed non-empty one for H2. */
    public String password() {
        return password;
    }

    /** A new connection to this database. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Runs SQL, several statements separated by semicolons allowed; a failure is an AssertionError naming the SQL. */
    public SourceDatabase execute(String sql) {
        if (kept != null) {
            try (Statement statement = kept.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new AssertionError(sql + ": " + e.getMessage(), e);
            }
        } else {
            run(url, sql);
        }
        return this;
    }

    /** Runs the SQL file at {@code file}, e.g. an example's {@code source.sql}. */
    public SourceDatabase executeFile(Path file) {
        return executeFile(file, UnaryOperator.identity());
    }

    /**
     * Runs the SQL file at {@code file} after {@code rewrite}, e.g. to write a vendor's type in words H2 parses:
     * {@code executeFile(Path.of("source.sql"), sql -> sql.replace(" STRING", " VARCHAR(255)"))}.
     */
    public SourceDatabase executeFile(Path file, UnaryOperator<String> rewrite) {
        String sql;
        try {
            sql = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return execute(rewrite.apply(sql));
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
        StringBuilder json = new StringBuilder("{\"jdbc_url\": \"" + url + "\", \"user\": \"" + user + "\", \"password\": \"" + password + "\"");
        for (int i = 0; i + 1 < moreKeysAndValues.length; i += 2) {
            json.append(", \"").append(moreKeysAndValues[i]).append("\": \"").append(moreKeysAndValues[i + 1]).append('"');
        }
        return json.append('}').toString();
    }

    private void run(String jdbcUrl, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    /** Drops the schema or database with everything in it; H2's goes with its kept connection. */
    @Override
    public void close() {
        if (kept != null) {
            try {
                kept.close();
            } catch (SQLException e) {
                throw new AssertionError("cannot close " + url + ": " + e.getMessage(), e);
            }
        } else {
            run(admin, drop);
        }
    }
}
