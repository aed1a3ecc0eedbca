///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//DEPS com.h2database:h2:2.5.252
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.teradata.jdbc.TeraDriver;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No Teradata system runs here. The tests check that Teradata's driver accepts the URL the connector builds and fails
 * as a user would see it on a closed port, and run the connector's queries (SELECT TOP n) on H2, which takes TOP in its
 * default mode, made case-preserving and case-insensitive as Teradata is (an in-memory database per test, loaded from
 * source.sql). Run: jbang connectorTest.java
 */
class connectorTest {
    /** Made first: the kit sets up the log. Pages of 2 rows. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.h2(null, "DATABASE_TO_UPPER=FALSE", "CASE_INSENSITIVE_IDENTIFIERS=TRUE").execute("CREATE SCHEMA HR").executeFile(Path.of("source.sql"));
        sync.configure("jdbc_url", source.url()).configure("teradata_user", source.user()).configure("teradata_password", source.password())
                .configure("teradata_database", "HR").configure("teradata_table", "Employee").configure("batch_size", "2");
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    @Test
    void teradatasDriverAcceptsTheUrlTheConnectorBuilds() throws Exception {
        String url = connector.url(Configuration.of(Map.of("teradata_host", "td.example.com", "teradata_database", "HR")));
        assertEquals("jdbc:teradata://td.example.com/DBS_PORT=1025,DATABASE=HR,CHARSET=UTF8,ENCRYPTDATA=ON", url);
        assertTrue(new TeraDriver().acceptsURL(url));
        assertInstanceOf(TeraDriver.class, DriverManager.getDriver(url), "the driver registers itself for jdbc:teradata:");
    }

    @Test
    void theTableArrivesInPagesWithItsTypesThenOnlyTheRowsAfterThePosition() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(3L, first.counts().upserts());
        assertTrue(sync.log().contains("INFO employee: 3 rows read in 2 queries of at most 2, position {JoiningDate=2021-06-01, EmployeeID=103}"),
                sync.log()::toString);
        assertEquals(List.of(Map.of("column_name", "department", "data_type", "VARCHAR"), Map.of("column_name", "employee_id", "data_type", "INTEGER"),
                Map.of("column_name", "first_name", "data_type", "VARCHAR"), Map.of("column_name", "joining_date", "data_type", "DATE"),
                Map.of("column_name", "last_name", "data_type", "VARCHAR"), Map.of("column_name", "salary", "data_type", "DECIMAL(38,2)")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                        + "AND table_name = 'employee' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
        assertEquals(List.of(Map.of("first_name", "Grâce", "salary", new BigDecimal("135000.50"), "joining_date", LocalDate.of(2021, 6, 1))),
                sync.rows("SELECT first_name, salary, joining_date FROM employee WHERE employee_id = 102"));
        assertEquals(Map.of("employee", Map.of("JoiningDate", "2021-06-01", "EmployeeID", 103)), first.state());

        source.execute("INSERT INTO HR.Employee VALUES (104, 'Barbara', 'Liskov', 'Research', 140000, DATE '2021-06-01')");
        source.execute("UPDATE HR.Employee SET Department = 'Management', JoiningDate = DATE '2022-03-01' WHERE EmployeeID = 101");
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L, second.counts().upserts(), "the new employee (a tie on JoiningDate, a higher EmployeeID) and the moved one");
        assertEquals(Map.of("employee", Map.of("JoiningDate", "2022-03-01", "EmployeeID", 101)), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts());
    }

    @Test
    void aWrongPasswordABadTableNameAndAClosedPortFailWithMessagesThatNameTheKeys() throws Exception {
        SyncResult wrongPassword = sync.configure("teradata_password", "not-the-password").run();
        assertFalse(wrongPassword.succeeded());
        assertTrue(wrongPassword.failure().contains("cannot connect to the database of configuration key 'jdbc_url'"), wrongPassword.failure());
        assertFalse(wrongPassword.failure().contains("not-the-password") || wrongPassword.failure().contains("jdbc:h2"), wrongPassword.failure());

        SyncResult badTable = sync.configure("teradata_password", source.password()).configure("teradata_table", "Employee WHERE 1=1").run();
        assertFalse(badTable.succeeded());
        assertTrue(badTable.failure().contains("configuration key 'teradata_table' must be a plain Teradata name"), badTable.failure());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SyncResult refused = sync.configure("teradata_table", "Employee").configure("jdbc_url", "").configure("teradata_host", "127.0.0.1")
                .configure("teradata_port", String.valueOf(closedPort)).run();
        assertFalse(refused.succeeded());
        assertTrue(refused.failure().contains("cannot connect to the database of configuration keys 'teradata_host' and 'teradata_port': "), refused.failure());
        assertTrue(refused.failure().contains("[SQLState 08S01] Login failure for Connection to 127.0.0.1"), refused.failure());
        assertTrue(refused.failure().contains("Connection to /127.0.0.1:" + closedPort + " failed: Connection refused"), refused.failure());
        assertFalse(refused.failure().contains("TeraDriver.connect("), "the stack trace the driver writes into its message is cut");
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
