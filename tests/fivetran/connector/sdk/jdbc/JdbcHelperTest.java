package fivetran.connector.sdk.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Column;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.engine.Scratch;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.logging.LogSetup;
import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.testkit.SourceDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The JDBC source helper against the real local PostgreSQL and MariaDB servers. */
@Tag("servers")
class JdbcHelperTest {
    @BeforeAll
    static void quietDrivers() {
        LogSetup.configureLocal(Level.INFO);
    }

    private static final String POSTGRES_TYPES = """
            CREATE TABLE typed (
              id int4 PRIMARY KEY, small int2, big int8, price numeric(12,2), free numeric, ratio real, score float8,
              flag bool, day date, local_time timestamp, utc_time timestamptz, clock time, raw bytea, doc jsonb,
              tags int4[], token uuid, note text);
            INSERT INTO typed VALUES (1, 7, 9007199254740993, 1234.56, 1.5, 0.5, 98.6, true, '2024-02-29',
              '2024-02-29 13:45:30.123456', '2024-02-29 13:45:30.5+02', '08:30:00', '\\x0102', '{"a": [1, 2]}',
              '{3,4}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'hello');
            INSERT INTO typed (id) VALUES (2);
            """;

    @Test
    void rowsOfPostgresqlAreReadAsTheSdksJavaTypesAndNullsStayNull() throws SQLException {
        try (SourceDatabase db = SourceDatabase.postgresql().execute(POSTGRES_TYPES); Connection source = db.connect()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            Jdbc.stream(source, "SELECT * FROM typed ORDER BY id", List.of(), 10, rows::add);
            Map<String, Object> row = rows.get(0);
            assertEquals(1, row.get("id"));
            assertEquals((short) 7, row.get("small"));
            assertEquals(9007199254740993L, row.get("big"));
            assertEquals(new BigDecimal("1234.56"), row.get("price"));
            assertEquals(new BigDecimal("1.5"), row.get("free"));
            assertEquals(0.5f, row.get("ratio"));
            assertEquals(98.6, row.get("score"));
            assertEquals(true, row.get("flag"));
            assertEquals(LocalDate.of(2024, 2, 29), row.get("day"));
            assertEquals(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000), row.get("local_time"));
            assertEquals(OffsetDateTime.of(2024, 2, 29, 11, 45, 30, 500_000_000, ZoneOffset.UTC).toInstant(),
                    ((OffsetDateTime) row.get("utc_time")).toInstant());
            assertEquals("08:30:00", row.get("clock"));
            assertArrayEquals(new byte[] {1, 2}, (byte[]) row.get("raw"));
            assertEquals(2, ((JsonNode) row.get("doc")).get("a").get(1).asInt());
            assertEquals(List.of(3, 4), row.get("tags"));
            assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", row.get("token"));
            assertEquals("hello", row.get("note"));
            assertEquals(List.of("id", "small", "big", "price", "free", "ratio", "score", "flag", "day", "local_time",
                    "utc_time", "clock", "raw", "doc", "tags", "token", "note"), List.copyOf(row.keySet()));
            Map<String, Object> empty = rows.get(1);
            assertEquals(2, empty.get("id"));
            assertTrue(empty.entrySet().stream().filter(e -> !e.getKey().equals("id")).allMatch(e -> e.getValue() == null), empty::toString);
        }
    }

    @Test
    void streamingRunsInACursorTransactionAndRestoresAutoCommit() throws SQLException {
        try (SourceDatabase db = SourceDatabase.postgresql().execute("CREATE TABLE n AS SELECT generate_series(1, 2500) AS i");
             Connection source = db.connect()) {
            boolean[] autoCommitInside = {true};
            long[] sum = {0};
            long count = Jdbc.stream(source, "SELECT i FROM n WHERE i > ? ORDER BY i", List.of(500), 100, row -> {
                autoCommitInside[0] = source.getAutoCommit();
                sum[0] += (Integer) row.get("i");
            });
            assertEquals(2000, count);
            assertEquals((501L + 2500) * 2000 / 2, sum[0]);
            assertFalse(autoCommitInside[0], "PostgreSQL only honours the fetch size inside a transaction");
            assertTrue(source.getAutoCommit());
        }
    }

    @Test
    void aFailedStreamReportsItsOwnFailureNotTheRollbackThatFailsAfterIt() throws SQLException {
        try (SourceDatabase db = SourceDatabase.postgresql().execute("CREATE TABLE n AS SELECT generate_series(1, 10) AS i");
             Connection source = db.connect()) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, () ->
                    Jdbc.stream(source, "SELECT i FROM n", List.of(), 5, row -> {
                        source.close();
                        throw new IllegalStateException("row " + row.get("i") + " refused");
                    }));
            assertEquals("row 1 refused", failure.getMessage());
            assertEquals(1, failure.getSuppressed().length, "the rollback on the closed connection failed as well");
        }
    }

    @Test
    void rowsOfMariadbWidenUnsignedIntegersAndReadDatetimesAsLocalDateTime() throws SQLException {
        try (SourceDatabase db = SourceDatabase.mariadb().execute("""
                CREATE TABLE typed (id INT UNSIGNED PRIMARY KEY, huge BIGINT UNSIGNED, flag TINYINT(1), price DECIMAL(10,3),
                  happened DATETIME(6), day DATE, raw BLOB, note VARCHAR(20));
                INSERT INTO typed VALUES (4000000000, 18446744073709551615, 1, 12.5, '2024-02-29 13:45:30.25', '2024-02-29', X'0102', 'hi');
                """); Connection source = db.connect()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            Jdbc.stream(source, "SELECT * FROM typed", List.of(), 10, rows::add);
            Map<String, Object> row = rows.get(0);
            assertEquals(4_000_000_000L, row.get("id"));
            assertEquals(new BigDecimal("18446744073709551615"), row.get("huge"));
            assertEquals(true, row.get("flag"));
            assertEquals(new BigDecimal("12.500"), row.get("price"));
            assertEquals(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 250_000_000), row.get("happened"));
            assertEquals(LocalDate.of(2024, 2, 29), row.get("day"));
            assertArrayEquals(new byte[] {1, 2}, (byte[]) row.get("raw"));
            assertEquals("hi", row.get("note"));
        }
    }

    @Test
    void schemaOfAPostgresqlTableComesFromItsMetadata() throws SQLException {
        try (SourceDatabase db = SourceDatabase.postgresql().execute(POSTGRES_TYPES + """
                CREATE TABLE order_lines (order_id int8, line int2, amount numeric(15,2), PRIMARY KEY (order_id, line));
                CREATE TABLE orderXlines (other text);
                """); Connection source = db.connect()) {
            Table lines = JdbcSchema.table(source, db.name() + ".order_lines");
            assertEquals("order_lines", lines.name());
            assertEquals(List.of("order_id", "line"), lines.primaryKey());
            assertEquals("{order_id=LONG, line=SHORT, amount=DECIMAL(15,2)}", types(lines));

            Table typed = JdbcSchema.tables(source, "typed").get(0);
            assertEquals(List.of("id"), typed.primaryKey());
            assertEquals("{id=INT, small=SHORT, big=LONG, price=DECIMAL(12,2), ratio=FLOAT, score=DOUBLE, flag=BOOLEAN, "
                    + "day=NAIVE_DATE, local_time=NAIVE_DATETIME, utc_time=UTC_DATETIME, clock=STRING, raw=BINARY, doc=JSON, "
                    + "tags=JSON, token=STRING, note=STRING}", types(typed), "an unbounded numeric is left to inference");

            SQLException missing = assertThrows(SQLException.class, () -> JdbcSchema.table(source, "no_such_table"));
            assertTrue(missing.getMessage().contains("'no_such_table' not found"), missing.getMessage());
        }
    }

    @Test
    void schemaOfAMariadbTableComesFromItsMetadata() throws SQLException {
        try (SourceDatabase db = SourceDatabase.mariadb().execute("""
                CREATE TABLE accounts (region CHAR(2), id BIGINT UNSIGNED, balance DECIMAL(12,4), opened DATETIME,
                  PRIMARY KEY (region, id));
                """); Connection source = db.connect()) {
            Table accounts = JdbcSchema.table(source, "accounts");
            assertEquals(List.of("region", "id"), accounts.primaryKey());
            assertEquals("{region=STRING, id=DECIMAL(20,0), balance=DECIMAL(12,4), opened=NAIVE_DATETIME}", types(accounts));
            assertEquals(types(accounts), types(JdbcSchema.table(source, db.name() + ".accounts")));
        }
    }

    private static String types(Table table) {
        return table.columns().stream().collect(Collectors.toMap(Column::name, JdbcHelperTest::typeName,
                (a, b) -> a, java.util.LinkedHashMap::new)).toString();
    }

    private static String typeName(Column column) {
        return column.type() == DataType.DECIMAL ? "DECIMAL(" + column.precision() + "," + column.scale() + ")" : column.type().name();
    }

    @Test
    void keysetReadsResumeAfterTheSavedPositionAndCheckpointEveryNRows() throws SQLException {
        try (SourceDatabase db = SourceDatabase.postgresql().execute("""
                CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamp NOT NULL, amount numeric(8,2));
                INSERT INTO orders SELECT i, TIMESTAMP '2024-01-01' + (i / 10) * INTERVAL '1 hour', i FROM generate_series(1, 25) i;
                """); Connection source = db.connect(); Scratch scratch = Scratch.open()) {
            scratch.declare(Table.named("orders").primaryKey("id"));
            KeysetReader reader = KeysetReader.of("orders").replicationKey("updated_at", "id").checkpointEvery(10).fetchSize(7);
            State state = State.empty();
            List<Object> committedAtRow = new ArrayList<>();
            List<Object> ids = new ArrayList<>();
            assertEquals(25, reader.read(source, state, row -> {
                ids.add(row.get("id"));
                if (ids.size() == 11 || ids.size() == 21) {
                    committedAtRow.add(scratch.rows("SELECT state FROM _connector_sdk.state").toString());
                }
                Operations.upsert("orders", row);
            }));
            assertEquals(25, ids.size());
            assertTrue(committedAtRow.get(0).toString().contains("\"id\":10"), committedAtRow::toString);
            assertTrue(committedAtRow.get(1).toString().contains("\"id\":20"), committedAtRow::toString);
            assertEquals(Map.of("updated_at", "2024-01-01T02:00", "id", 25), state.get("orders"));

            db.execute("""
                    INSERT INTO orders VALUES (26, '2024-01-01 02:00', 26);
                    UPDATE orders SET updated_at = '2024-03-01', amount = 99 WHERE id = 5;
                    """);
            State restored = State.of(Map.of("orders", Map.of("updated_at", "2024-01-01T02:00", "id", 25)));
            assertEquals(2, reader.upsertInto("orders", source, restored), "a tie on updated_at with a higher id, and a changed row");
            assertEquals(Map.of("updated_at", "2024-03-01T00:00", "id", 5), restored.get("orders"));
            assertEquals(List.of(Map.of("id", 5, "amount", new BigDecimal("99.00")), Map.of("id", 26, "amount", new BigDecimal("26.00"))),
                    scratch.rows("SELECT id, amount FROM orders WHERE id IN (5, 26) ORDER BY id"));
        }
    }

    @Test
    void aCheckpointComesAfterItsIntervalHasPassedBeforeItsRowsAreRead() throws SQLException {
        try (SourceDatabase db = SourceDatabase.postgresql().execute("""
                CREATE TABLE orders (id int PRIMARY KEY);
                INSERT INTO orders SELECT i FROM generate_series(1, 5) i;
                """); Connection source = db.connect(); Scratch scratch = Scratch.open()) {
            scratch.declare(Table.named("orders").primaryKey("id"));
            // a nanosecond has always passed by the next row: each row is a checkpoint, the 1,000,000 rows never come
            KeysetReader reader = KeysetReader.of("orders").replicationKey("id").checkpointEvery(1_000_000).checkpointInterval(Duration.ofNanos(1));
            List<String> committedBefore = new ArrayList<>();
            assertEquals(5, reader.read(source, State.empty(), row -> {
                committedBefore.add(scratch.rows("SELECT state FROM _connector_sdk.state").toString());
                Operations.upsert("orders", row);
            }));
            assertTrue(committedBefore.get(4).contains("\"id\":4"), "the fifth row comes after the fourth's checkpoint: " + committedBefore);
            assertEquals(List.of(Map.of("checkpoints", 5L)), scratch.rows("SELECT checkpoints FROM _connector_sdk.state"));
        }
        assertThrows(IllegalArgumentException.class, () -> KeysetReader.of("orders").checkpointInterval(Duration.ZERO));
    }

    @Test
    void connectReadsTheProfilesKeysAndItsErrorsNeverShowTheUrl() throws SQLException {
        Configuration configuration = Configuration.of(Map.of(
                "prod.jdbc_url", "jdbc:postgresql://127.0.0.1:1/test?password=hunter2", "prod.user", "postgres",
                "dev.jdbc_url", "jdbc:postgresql://127.0.0.1:5432/test", "dev.user", "postgres"));
        try (Connection dev = Jdbc.connect(configuration, "dev")) {
            assertTrue(dev.isValid(5));
        }
        SQLException refused = assertThrows(SQLException.class, () -> Jdbc.connect(configuration, "prod"));
        assertTrue(refused.getMessage().contains("configuration key 'prod.jdbc_url'"), refused.getMessage());
        assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Jdbc.connect(configuration));
    }
}
