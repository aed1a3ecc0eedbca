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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No Db2 server runs here. The tests check that IBM's JCC driver accepts the URL the connector builds and fails as a
 * user would see it on a closed port, and run the connector's queries on H2 in MODE=DB2 (an in-memory database per
 * test, loaded from source.sql). Run: jbang connectorTest.java
 */
class connectorTest {
    /** Made first: the kit sets up the log. Pages of 2 rows, so that the 5 rows take three queries. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.h2("DB2").execute("CREATE SCHEMA HR").executeFile(Path.of("source.sql"));
        sync.configure("jdbc_url", source.url()).configure("user_id", source.user()).configure("password", source.password())
                .configure("schema_name", "hr").configure("table_name", "employee").configure("batch_size", "2");
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    @Test
    void ibmsDriverAcceptsTheUrlTheConnectorBuilds() throws Exception {
        String url = connector.url(Configuration.of(Map.of("hostname", "db2.example.com", "port", "50001", "database", "BLUDB")));
        assertEquals("jdbc:db2://db2.example.com:50001/BLUDB:sslConnection=true;", url);
        assertTrue(new DB2Driver().acceptsURL(url));
        assertInstanceOf(DB2Driver.class, DriverManager.getDriver(url), "the driver registers itself for jdbc:db2:");
        assertEquals("jdbc:db2://db2.example.com:50000/BLUDB:sslConnection=false;",
                connector.url(Configuration.of(Map.of("hostname", "db2.example.com", "port", "50000", "database", "BLUDB", "ssl", "false"))));
    }

    @Test
    void theTableArrivesInPagesWithItsTypesThenOnlyTheRowsAfterThePosition() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(5L, first.counts().upserts());
        assertTrue(sync.log().contains("INFO employee: 5 rows read in 3 queries of at most 2, position {hire_date=2022-09-12, id=5}"),
                sync.log()::toString);
        assertEquals(List.of(Map.of("column_name", "department", "data_type", "VARCHAR"), Map.of("column_name", "email", "data_type", "VARCHAR"),
                Map.of("column_name", "first_name", "data_type", "VARCHAR"), Map.of("column_name", "hire_date", "data_type", "DATE"),
                Map.of("column_name", "id", "data_type", "INTEGER"), Map.of("column_name", "last_name", "data_type", "VARCHAR"),
                Map.of("column_name", "salary", "data_type", "DECIMAL(38,2)")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                        + "AND table_name = 'employee' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
        assertEquals(List.of(Map.of("first_name", "Grâce", "salary", new BigDecimal("135000.50"), "hire_date", LocalDate.of(2021, 6, 1))),
                sync.rows("SELECT first_name, salary, hire_date FROM employee WHERE id = 2"));
        assertEquals(List.of(1, 2, 3, 4, 5), sync.rows("SELECT id FROM employee ORDER BY id").stream().map(row -> row.get("id")).toList());
        assertEquals(Map.of("employee", Map.of("hire_date", "2022-09-12", "id", 5)), first.state());

        source.execute("INSERT INTO HR.EMPLOYEE VALUES (6, 'Barbara', 'Liskov', 'barbara@example.com', 'Research', 140000, '2022-09-12')");
        source.execute("UPDATE HR.EMPLOYEE SET DEPARTMENT = 'Management', HIRE_DATE = '2023-01-02' WHERE ID = 1");
        source.execute("UPDATE HR.EMPLOYEE SET SALARY = 1 WHERE ID = 3"); // HIRE_DATE unchanged: invisible to the cursor
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L, second.counts().upserts(), "the new hire (a tie on HIRE_DATE, a higher ID) and the re-dated one");
        assertEquals("Management", sync.value("SELECT department FROM employee WHERE id = 1"));
        assertEquals("Liskov", sync.value("SELECT last_name FROM employee WHERE id = 6"));
        assertEquals(new BigDecimal("110000.00"), sync.value("SELECT salary FROM employee WHERE id = 3"));
        assertEquals(Map.of("employee", Map.of("hire_date", "2023-01-02", "id", 1)), second.state());

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

        SyncResult injected = sync.configure("password", source.password()).configure("table_name", "employee; DROP TABLE x").run();
        assertFalse(injected.succeeded());
        assertTrue(injected.failure().contains("configuration key 'table_name' must be a plain Db2 name"), injected.failure());

        SyncResult missing = sync.configure("table_name", "no_such_table").run();
        assertFalse(missing.succeeded());
        assertTrue(missing.failure().contains("NO_SUCH_TABLE"), missing.failure());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SyncResult refused = sync.configure("jdbc_url", "").configure("hostname", "127.0.0.1").configure("port", String.valueOf(closedPort))
                .configure("database", "BLUDB").run();
        assertFalse(refused.succeeded());
        assertTrue(refused.failure().contains("cannot connect to the database of configuration keys 'hostname', 'port' and 'database': "), refused.failure());
        assertTrue(refused.failure().contains("Error opening socket to server /127.0.0.1") && refused.failure().contains("SQLSTATE=08001"),
                refused.failure());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
