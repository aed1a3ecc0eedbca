///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//DEPS com.h2database:h2:2.5.252
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.db2.jcc.DB2Driver;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No Informix server runs here, and H2 has no Informix mode. The tests check that IBM's JCC driver accepts the DRDA URL
 * the connector builds and fails as a user would see it on a closed port, and run the connector's query (standard SQL:
 * a keyset predicate, ORDER BY, no row limit) on H2 (an in-memory database per test, loaded from source.sql with
 * Informix's DATETIME written as TIMESTAMP). Run: jbang connectorTest.java
 */
class connectorTest {
    /** Made first: the kit sets up the log. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.h2(null, "DATABASE_TO_LOWER=TRUE").executeFile(Path.of("source.sql"), sql -> sql.replace("DATETIME YEAR TO FRACTION(3)", "TIMESTAMP(3)"));
        sync.configure("jdbc_url", source.url()).configure("username", source.user()).configure("password", source.password()).configure("batch_size", "2");
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    @Test
    void ibmsJccDriverAcceptsTheDrdaUrlTheConnectorBuilds() throws Exception {
        String url = connector.url(Configuration.of(Map.of("hostname", "ifx.example.com", "port", "9089", "database", "stores_demo")));
        assertEquals("jdbc:db2://ifx.example.com:9089/stores_demo", url);
        assertTrue(new DB2Driver().acceptsURL(url));
        assertInstanceOf(DB2Driver.class, DriverManager.getDriver(url), "JCC registers itself for jdbc:db2:, which Informix's DRDA listener serves");
    }

    @Test
    void theTableArrivesThenOnlyTheRowsAfterThePosition() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(3L, first.counts().upserts());
        assertEquals(List.of(Map.of("column_name", "amount", "data_type", "DECIMAL(38,2)"), Map.of("column_name", "created_at", "data_type", "TIMESTAMP"),
                Map.of("column_name", "id", "data_type", "INTEGER"), Map.of("column_name", "name", "data_type", "VARCHAR")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                        + "AND table_name = 'sample_table' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
        assertEquals(List.of(Map.of("name", "gamma", "amount", new BigDecimal("30.00"), "created_at", LocalDateTime.of(2024, 1, 1, 9, 30, 0, 500_000_000))),
                sync.rows("SELECT name, amount, created_at FROM sample_table WHERE id = 3"));
        assertEquals(Map.of("sample_table", Map.of("created_at", "2024-01-01T09:30:00.500", "id", 3)), first.state());

        source.execute("INSERT INTO sample_table VALUES (4, 'delta', 4, '2024-01-01 09:30:00.500')");
        source.execute("UPDATE sample_table SET amount = 11, created_at = '2024-01-02 08:00:00' WHERE id = 1");
        source.execute("UPDATE sample_table SET name = 'unseen' WHERE id = 2"); // created_at unchanged: invisible to the cursor
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L, second.counts().upserts(), "the new row (a tie on created_at) and the moved one");
        assertEquals("beta", sync.value("SELECT name FROM sample_table WHERE id = 2"));
        assertEquals(Map.of("sample_table", Map.of("created_at", "2024-01-02T08:00", "id", 1)), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts());
    }

    @Test
    void aWrongPasswordABadTableNameAndAClosedPortFailWithMessagesThatNameTheKeys() throws Exception {
        SyncResult wrongPassword = sync.configure("password", "not-the-password").run();
        assertFalse(wrongPassword.succeeded());
        assertTrue(wrongPassword.failure().contains("cannot connect to the database of configuration key 'jdbc_url'"), wrongPassword.failure());
        assertFalse(wrongPassword.failure().contains("not-the-password") || wrongPassword.failure().contains("jdbc:h2"), wrongPassword.failure());

        SyncResult badName = sync.configure("password", source.password()).configure("table_name", "sample_table, systables").run();
        assertFalse(badName.succeeded());
        assertTrue(badName.failure().contains("configuration key 'table_name' must be a plain Informix name"), badName.failure());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SyncResult refused = sync.configure("table_name", "sample_table").configure("jdbc_url", "").configure("hostname", "127.0.0.1")
                .configure("port", String.valueOf(closedPort)).configure("database", "stores_demo").run();
        assertFalse(refused.succeeded());
        assertTrue(refused.failure().contains("cannot connect to the database of configuration keys 'hostname', 'port' and 'database': "
                + "[jcc][t4][2043]"), refused.failure());
        assertTrue(refused.failure().contains("Error opening socket to server /127.0.0.1"), refused.failure());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
