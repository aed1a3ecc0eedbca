///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//DEPS com.h2database:h2:2.5.252
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No SQL Server runs here. The tests check that Microsoft's driver accepts and parses the URL the connector builds and
 * fails as a user would see it on a closed port, and run the connector's T-SQL on H2 in its MSSQLServer mode (an
 * in-memory database per test, loaded from source.sql). Run: jbang connectorTest.java
 */
class connectorTest {
    /** Made first: the kit sets up the log. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.h2("MSSQLServer", "DATABASE_TO_UPPER=FALSE").execute("CREATE SCHEMA [dbo]").executeFile(Path.of("source.sql"));
        sync.configure("jdbc_url", source.url()).configure("user", source.user()).configure("password", source.password()).configure("batch_size", "2");
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    private static Map<String, String> properties(Driver driver, String url) throws Exception {
        return Arrays.stream(driver.getPropertyInfo(url, new Properties()))
                .filter(property -> property.value != null)
                .collect(Collectors.toMap(property -> property.name, property -> property.value, (a, b) -> a));
    }

    @Test
    void microsoftsDriverAcceptsAndParsesTheUrlTheConnectorBuilds() throws Exception {
        Configuration configuration = Configuration.of(Map.of("server", "sql.example.com", "port", "14330", "database", "hr",
                "user", "u", "password", "p", "trust_server_certificate", "true"));
        String url = connector.url(configuration);
        assertEquals("jdbc:sqlserver://sql.example.com:14330;databaseName={hr};encrypt=true;trustServerCertificate=true;"
                + "applicationName=fivetran-connector-sdk", url);
        assertInstanceOf(SQLServerDriver.class, DriverManager.getDriver(url), "the driver registers itself for jdbc:sqlserver:");
        Map<String, String> parsed = properties(new SQLServerDriver(), url);
        assertEquals("sql.example.com", parsed.get("serverName"));
        assertEquals("14330", parsed.get("portNumber"));
        assertEquals("hr", parsed.get("databaseName"));
        assertEquals("true", parsed.get("encrypt"));
        assertEquals("true", parsed.get("trustServerCertificate"));

        String named = connector.url(Configuration.of(Map.of("server", "sql.example.com\\SQL2022", "database", "hr")));
        assertEquals("jdbc:sqlserver://sql.example.com\\SQL2022;databaseName={hr};encrypt=true;trustServerCertificate=false;"
                + "applicationName=fivetran-connector-sdk", named, "a named instance: the port comes from the SQL Server Browser");
        assertEquals("sql2022", properties(new SQLServerDriver(), named).get("instanceName"));
    }

    @Test
    void theTableArrivesWithItsTypesThenOnlyTheRowsAfterThePosition() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(4L, first.counts().upserts());
        assertEquals(List.of(Map.of("column_name", "employee_id", "data_type", "INTEGER"), Map.of("column_name", "first_name", "data_type", "VARCHAR"),
                Map.of("column_name", "hire_date", "data_type", "DATE"), Map.of("column_name", "last_name", "data_type", "VARCHAR"),
                Map.of("column_name", "salary", "data_type", "BIGINT"), Map.of("column_name", "updated_time", "data_type", "TIMESTAMP")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                        + "AND table_name = 'employee_details' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
        Map<String, Object> grace = new LinkedHashMap<>();
        grace.put("first_name", "Grâce");
        grace.put("hire_date", LocalDate.of(2019, 6, 1));
        grace.put("salary", 135000L);
        grace.put("updated_time", LocalDateTime.of(2024, 1, 2, 10, 30, 0, 250_000_000));
        assertEquals(List.of(grace), sync.rows("SELECT first_name, hire_date, salary, updated_time FROM employee_details WHERE employee_id = 2"));
        assertEquals(List.of(Map.of("n", 1L)), sync.rows("SELECT count(*) AS n FROM employee_details WHERE hire_date IS NULL AND salary IS NULL"));
        assertEquals(Map.of("employee_details", Map.of("updated_time", "2024-01-03T08:00", "employee_id", 4)), first.state());

        source.execute("INSERT INTO [dbo].[employee_details] VALUES (5, N'Barbara', N'Liskov', '2024-02-01', 140000, '2024-01-03 08:00:00')");
        source.execute("UPDATE [dbo].[employee_details] SET [salary] = 125000, [updated_time] = '2024-02-01 12:00:00' WHERE [employee_id] = 1");
        source.execute("UPDATE [dbo].[employee_details] SET [last_name] = N'Unseen' WHERE [employee_id] = 3"); // updated_time unchanged
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L, second.counts().upserts(), "the new row (a tie on updated_time, a higher id) and the updated one");
        assertEquals(125000L, sync.value("SELECT salary FROM employee_details WHERE employee_id = 1"));
        assertEquals("Liskov", sync.value("SELECT last_name FROM employee_details WHERE employee_id = 5"));
        assertEquals("Turing", sync.value("SELECT last_name FROM employee_details WHERE employee_id = 3"), "invisible to the cursor");
        assertEquals(Map.of("employee_details", Map.of("updated_time", "2024-02-01T12:00", "employee_id", 1)), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts());
    }

    @Test
    void aWrongPasswordAMissingKeyAndAClosedPortFailWithMessagesThatNameTheKeys() throws Exception {
        SyncResult wrongPassword = sync.configure("password", "not-the-password").run();
        assertFalse(wrongPassword.succeeded());
        assertTrue(wrongPassword.failure().contains("cannot connect to the database of configuration key 'jdbc_url'"), wrongPassword.failure());
        assertFalse(wrongPassword.failure().contains("not-the-password") || wrongPassword.failure().contains("jdbc:h2"), wrongPassword.failure());

        SyncResult missing = sync.configure("jdbc_url", "").configure("server", "").run();
        assertFalse(missing.succeeded());
        assertTrue(missing.failure().contains("configuration key 'server' is empty"), missing.failure());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SyncResult refused = sync.configure("server", "127.0.0.1").configure("port", String.valueOf(closedPort)).configure("database", "hr").run();
        assertFalse(refused.succeeded());
        assertTrue(refused.failure().contains("cannot connect to the database of configuration keys 'server', 'port' and 'database': "
                + "The TCP/IP connection to the host 127.0.0.1, port " + closedPort + " has failed"), refused.failure());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
