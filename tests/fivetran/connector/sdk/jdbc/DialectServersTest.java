package fivetran.connector.sdk.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.engine.Scratch;
import fivetran.connector.sdk.logging.LogSetup;
import fivetran.connector.sdk.testkit.SourceDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link KeysetReader} pages in the PostgreSQL, ANSI and MySQL dialects against the real local PostgreSQL and MariaDB. */
@Tag("servers")
class DialectServersTest {
    private static final String ORDERS = """
            CREATE TABLE orders (id INT PRIMARY KEY, updated_at TIMESTAMP NOT NULL, region VARCHAR(2) NOT NULL);
            INSERT INTO orders VALUES (1, '2024-01-01 10:00:00', 'eu'), (2, '2024-01-01 11:00:00', 'eu'), (3, '2024-01-01 11:00:00', 'eu'),
              (4, '2024-01-01 11:00:00', 'us'), (5, '2024-01-01 11:00:00', 'eu'), (6, '2024-01-01 12:00:00', 'eu');
            """;

    @BeforeAll
    static void quietDrivers() {
        LogSetup.configureLocal(Level.INFO);
    }

    @Test
    void postgresqlPagesWithLimitAndRowValuesAndWithFetchFirst() throws SQLException {
        try (SourceDatabase db = SourceDatabase.postgresql().execute(ORDERS); Connection source = db.connect()) {
            assertEquals(List.of(1, 2, 3, 5, 6), ids(source, Dialect.POSTGRESQL, "\"updated_at\"", "\"id\""));
            assertEquals(List.of(1, 2, 3, 5, 6), ids(source, Dialect.ANSI, "updated_at", "id"));
        }
    }

    @Test
    void mariadbPagesWithLimitAndRowValues() throws SQLException {
        try (SourceDatabase db = SourceDatabase.mariadb().execute(ORDERS); Connection source = db.connect()) {
            assertEquals(List.of(1, 2, 3, 5, 6), ids(source, Dialect.MYSQL, "`updated_at`", "`id`"));
        }
    }

    /** Two reads in pages of 2: everything, then (after an update) the changed row alone. */
    private static List<Object> ids(Connection source, Dialect dialect, String... key) throws SQLException {
        try (Scratch scratch = Scratch.open()) {
            KeysetReader reader = KeysetReader.of("orders").dialect(dialect).replicationKey(key).where("region = ?", "eu").limit(2);
            State state = State.empty();
            List<Object> ids = new ArrayList<>();
            reader.read(source, state, row -> ids.add(row.get("id")));
            assertEquals(Map.of("updated_at", "2024-01-01T12:00", "id", 6), state.get("orders"));
            source.createStatement().execute("UPDATE orders SET updated_at = '2024-02-01 00:00:00' WHERE id = 2");
            List<Object> changed = new ArrayList<>();
            reader.read(source, state, row -> changed.add(row.get("id")));
            assertEquals(List.of(2), changed, dialect.name());
            source.createStatement().execute("UPDATE orders SET updated_at = '2024-01-01 11:00:00' WHERE id = 2");
            return ids;
        }
    }
}
