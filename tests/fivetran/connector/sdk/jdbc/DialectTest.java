package fivetran.connector.sdk.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.engine.Scratch;
import fivetran.connector.sdk.logging.LogSetup;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL each {@link Dialect} writes, and {@link KeysetReader} paging with it on H2 (com.h2database:h2) in that
 * database's compatibility mode: MSSQLServer for SQL Server and Sybase, DB2, PostgreSQL, MySQL for MySQL and Hive,
 * REGULAR for ANSI, SAP HANA and Teradata. Informix's and Firebird's {@code SELECT FIRST n} has no H2 mode: its text is
 * checked here, and Firebird's runs in the firebird_db example against the real server.
 */
class DialectTest {
    @BeforeAll
    static void quietDrivers() {
        LogSetup.configureLocal(Level.INFO);
    }

    @Test
    void eachDialectWritesItsRowLimit() {
        assertEquals("SELECT TOP 5 * FROM dbo.t WHERE a > ? ORDER BY a", Dialect.SQL_SERVER.select("*", "dbo.t", "a > ?", "a", 5));
        assertEquals("SELECT TOP 5 * FROM t ORDER BY a", Dialect.SYBASE.select("*", "t", null, "a", 5));
        assertEquals("SELECT TOP 5 * FROM t ORDER BY a", Dialect.TERADATA.select("*", "t", null, "a", 5));
        assertEquals("SELECT FIRST 5 id, a FROM t ORDER BY a", Dialect.INFORMIX.select("id, a", "t", null, "a", 5));
        assertEquals("SELECT FIRST 5 * FROM t ORDER BY a", Dialect.FIREBIRD.select("*", "t", null, "a", 5));
        assertEquals("SELECT * FROM t ORDER BY a FETCH FIRST 5 ROWS ONLY", Dialect.DB2.select("*", "t", null, "a", 5));
        assertEquals("SELECT * FROM t ORDER BY a FETCH FIRST 5 ROWS ONLY", Dialect.ANSI.select("*", "t", null, "a", 5));
        for (Dialect limitAtTheEnd : List.of(Dialect.POSTGRESQL, Dialect.MYSQL, Dialect.SAP_HANA, Dialect.HIVE)) {
            assertEquals("SELECT * FROM t WHERE b = 1 ORDER BY a LIMIT 5", limitAtTheEnd.select("*", "t", "b = 1", "a", 5));
        }
        for (Dialect dialect : Dialect.values()) {
            assertEquals("SELECT * FROM t ORDER BY a", dialect.select("*", "t", null, "a", 0), "0 is no limit");
        }
        assertThrows(IllegalArgumentException.class, () -> Dialect.ANSI.select("*", "t", null, null, -1));
    }

    @Test
    void eachDialectQuotesIdentifiersAndDoublesItsClosingQuote() {
        assertEquals("[order]", Dialect.SQL_SERVER.quote("order"));
        assertEquals("[a]]b]", Dialect.SYBASE.quote("a]b"));
        assertEquals("\"a\"\"b\"", Dialect.DB2.quote("a\"b"));
        assertEquals("`a``b`", Dialect.HIVE.quote("a`b"));
        assertEquals("`order`", Dialect.MYSQL.quote("order"));
        assertEquals("\"SALES\".\"ORDER\"", Dialect.SAP_HANA.quoteQualified("SALES.ORDER"));
        assertEquals("[dbo].[order lines]", Dialect.SQL_SERVER.quoteQualified("[dbo].order lines"));
    }

    @Test
    void keysetPredicatesAreExpandedOrRowValuesWithTheirParametersInOrder() {
        LocalDateTime t = LocalDateTime.of(2024, 1, 2, 3, 4, 5);
        Dialect.Condition expanded = Dialect.SQL_SERVER.after(List.of("updated_at", "id"), List.of(t, 42));
        assertEquals("(updated_at > ? OR (updated_at = ? AND id > ?))", expanded.sql());
        assertEquals(List.of(t, t, 42), expanded.parameters());
        Dialect.Condition three = Dialect.DB2.after(List.of("a", "b", "c"), List.of(1, 2, 3));
        assertEquals("(a > ? OR (a = ? AND (b > ? OR (b = ? AND c > ?))))", three.sql());
        assertEquals(List.of(1, 1, 2, 2, 3), three.parameters());
        Dialect.Condition rowValue = Dialect.POSTGRESQL.after(List.of("updated_at", "id"), List.of(t, 42));
        assertEquals("(updated_at, id) > (?, ?)", rowValue.sql());
        assertEquals(List.of(t, 42), rowValue.parameters());
        assertEquals("id > ?", Dialect.MYSQL.after(List.of("id"), List.of(7)).sql());
        assertThrows(IllegalArgumentException.class, () -> Dialect.ANSI.after(List.of("a", "b"), List.of(1)));
    }

    @Test
    void driversWithoutJavaTimeGetSqlDatesAndTimestamps() {
        LocalDateTime t = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6_000_000);
        for (Dialect legacy : List.of(Dialect.SYBASE, Dialect.INFORMIX, Dialect.TERADATA, Dialect.DB2, Dialect.SAP_HANA)) {
            assertEquals(Timestamp.valueOf(t), legacy.parameter(t));
            assertEquals(java.sql.Date.valueOf("2024-01-02"), legacy.parameter(LocalDate.of(2024, 1, 2)));
            assertEquals(7, legacy.parameter(7));
        }
        assertEquals(Timestamp.valueOf(t), Dialect.HIVE.parameter(t));
        assertEquals("2024-01-02", Dialect.HIVE.parameter(LocalDate.of(2024, 1, 2)), "Hive's driver takes no java.sql.Date");
        assertInstanceOf(LocalDateTime.class, Dialect.SQL_SERVER.parameter(t));
        assertInstanceOf(Timestamp.class, Dialect.SYBASE.after(List.of("t", "id"), List.of(t, 1)).parameters().get(1));
    }

    /** The H2 mode that stands in for each dialect, and how that mode names a table's column (upper case but MySQL's). */
    private static final Map<Dialect, String> H2_MODES = Map.of(Dialect.SQL_SERVER, "MSSQLServer", Dialect.SYBASE, "MSSQLServer",
            Dialect.DB2, "DB2", Dialect.POSTGRESQL, "PostgreSQL", Dialect.MYSQL, "MySQL", Dialect.HIVE, "MySQL",
            Dialect.ANSI, "REGULAR", Dialect.SAP_HANA, "REGULAR", Dialect.TERADATA, "REGULAR");

    @Test
    void keysetReadsPageByPageInEachDialectsH2ModeWithBoundConditions() throws SQLException {
        for (Map.Entry<Dialect, String> mode : H2_MODES.entrySet()) {
            Dialect dialect = mode.getKey();
            String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=" + mode.getValue() + ";DB_CLOSE_DELAY=-1";
            try (Connection source = DriverManager.getConnection(url); Scratch scratch = Scratch.open()) {
                try (Statement statement = source.createStatement()) {
                    statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, updated_at TIMESTAMP NOT NULL, region VARCHAR(2), placed DATE)");
                    // 9 rows: four share one timestamp across a page boundary; ids 4 and 8 are outside the region
                    statement.execute("""
                            INSERT INTO orders VALUES (1, '2024-01-01 10:00:00', 'eu', '2024-01-01'), (2, '2024-01-01 11:00:00', 'eu', '2024-01-01'),
                              (3, '2024-01-01 11:00:00', 'eu', '2024-01-01'), (4, '2024-01-01 11:00:00', 'us', '2024-01-01'),
                              (5, '2024-01-01 11:00:00', 'eu', '2024-01-02'), (6, '2024-01-01 12:00:00', 'eu', '2024-01-02'),
                              (7, '2024-01-01 12:30:00', 'eu', '2024-01-03'), (8, '2024-01-01 13:00:00', 'us', '2024-01-03'),
                              (9, '2024-01-01 14:00:00', 'eu', '2024-01-03')""");
                }
                scratch.declare(Table.named("orders").primaryKey("id"));
                String updatedAt = dialect.quote(mode.getValue().equals("MySQL") ? "updated_at" : "UPDATED_AT");
                String id = dialect.quote(mode.getValue().equals("MySQL") ? "id" : "ID");
                KeysetReader reader = KeysetReader.of("orders").dialect(dialect).replicationKey(updatedAt, id)
                        .where("region = ? AND placed >= ?", "eu", LocalDate.of(2024, 1, 1)).limit(2).checkpointEvery(100);
                State state = State.empty();
                List<Object> ids = new ArrayList<>();
                assertEquals(7, reader.read(source, state, row -> {
                    ids.add(row.values().iterator().next());
                    Operations.upsert("orders", row);
                }), dialect.name());
                assertEquals(List.of(1, 2, 3, 5, 6, 7, 9), ids, dialect + ": each row once, in key order, across pages of 2");
                Map<?, ?> position = (Map<?, ?>) state.get("orders");
                assertEquals(List.of("2024-01-01T14:00", 9), List.copyOf(position.values()), dialect.name());

                try (Statement statement = source.createStatement()) {
                    statement.execute("INSERT INTO orders VALUES (10, '2024-01-01 14:00:00', 'eu', '2024-01-04')");
                    statement.execute("UPDATE orders SET updated_at = '2024-02-01 00:00:00' WHERE id = 3");
                }
                ids.clear();
                assertEquals(2, reader.read(source, state, row -> ids.add(row.values().iterator().next())), dialect.name());
                assertEquals(List.of(10, 3), ids, dialect + ": a tie with a higher id, then the updated row");
                assertEquals(0, reader.read(source, state, row -> ids.add(row)), dialect.name());
            }
        }
    }

    @Test
    void datesOfADriverWithoutJavaTimeAreReadWithGetTimestamp() throws SQLException {
        try (Connection source = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID());
             Statement statement = source.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT TIMESTAMP '2024-02-29 13:45:30.25' AS t, DATE '2024-02-29' AS d, "
                     + "CAST(NULL AS TIMESTAMP) AS n UNION ALL SELECT TIMESTAMP '2024-03-01 00:00:00', DATE '2024-03-01', NULL")) {
            // as jTDS 1.3.1 does: getObject(int, Class) throws AbstractMethodError
            java.sql.ResultSet jdbc3 = (java.sql.ResultSet) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {java.sql.ResultSet.class}, (proxy, method, arguments) -> {
                        if (method.getName().equals("getObject") && arguments.length == 2 && arguments[1] instanceof Class<?>) {
                            throw new AbstractMethodError();
                        }
                        try {
                            return method.invoke(rows, arguments);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            RowReader reader = RowReader.of(jdbc3);
            List<Map<String, Object>> read = new ArrayList<>();
            while (jdbc3.next()) {
                read.add(reader.read());
            }
            assertEquals(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 250_000_000), read.get(0).get("T"));
            assertEquals(LocalDate.of(2024, 2, 29), read.get(0).get("D"));
            assertEquals(null, read.get(0).get("N"));
            assertEquals(LocalDate.of(2024, 3, 1), read.get(1).get("D"));
        }
    }

    @Test
    void columnsLabelledWithTheirTableAsHiveDoesStillGiveThePosition() throws SQLException {
        try (Connection source = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=MySQL;DB_CLOSE_DELAY=-1");
             Scratch scratch = Scratch.open()) {
            try (Statement statement = source.createStatement()) {
                statement.execute("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(9)); INSERT INTO people VALUES (1, 'a'), (2, 'b')");
            }
            State state = State.empty();
            KeysetReader reader = KeysetReader.of("people").dialect(Dialect.HIVE).columns("id AS \"people.id\", name AS \"people.name\"")
                    .replicationKey("`id`");
            assertEquals(2, reader.read(source, state, row -> assertEquals(List.of("people.id", "people.name"), List.copyOf(row.keySet()))));
            assertEquals(Map.of("id", 2), state.get("people"));
        }
    }

    /** A driver that fails as some do: the URL, the password and a stack trace in its message. */
    static final class FailingDriver implements java.sql.Driver {
        @Override
        public Connection connect(String url, java.util.Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            throw new SQLException("Login failure for " + url + " with password " + info.getProperty("password")
                    + " java.io.IOException: refused  at com.example.Net.connect(Net.java:12)  at com.example.Driver.connect(Driver.java:3)", "08S01");
        }

        @Override
        public boolean acceptsURL(String url) {
            return url.startsWith("jdbc:failing:");
        }

        @Override
        public java.sql.DriverPropertyInfo[] getPropertyInfo(String url, java.util.Properties info) {
            return new java.sql.DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }
    }

    @Test
    void connectingToABuiltUrlNamesTheKeysAndShowsNoUrlPasswordOrStackTrace() throws SQLException {
        FailingDriver driver = new FailingDriver();
        DriverManager.registerDriver(driver);
        try {
            SQLException failure = assertThrows(SQLException.class, () ->
                    Jdbc.connect("jdbc:failing://db.example.com/hr", "sa", "hunter2", "keys 'server' and 'database'"));
            assertEquals("cannot connect to the database of configuration keys 'server' and 'database': "
                    + "Login failure for <url> with password <password> java.io.IOException: refused", failure.getMessage());
            assertEquals("08S01", failure.getSQLState());
        } finally {
            DriverManager.deregisterDriver(driver);
        }
    }

    @Test
    void aLimitOfExactlyThePageSizeEndsWithOneEmptyQueryAndBadArgumentsAreRefused() throws SQLException {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=MSSQLServer;DB_CLOSE_DELAY=-1";
        try (Connection source = DriverManager.getConnection(url); Scratch scratch = Scratch.open()) {
            try (Statement statement = source.createStatement()) {
                statement.execute("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3), (4)");
            }
            State state = State.empty();
            assertEquals(4, KeysetReader.of("t").dialect(Dialect.SQL_SERVER).replicationKey("id").limit(2).read(source, state, row -> { }));
            assertEquals(Map.of("id", 4), state.get("t"), "named as replicationKey names it");
        }
        assertThrows(IllegalArgumentException.class, () -> KeysetReader.of("t").limit(-1));
        assertThrows(NullPointerException.class, () -> KeysetReader.of("t").dialect(null));
        assertTrue(Dialect.valueOf("SYBASE").limit() == Dialect.Limit.TOP);
    }
}
