///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//DEPS com.h2database:h2:2.5.252
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import net.sourceforge.jtds.jdbc.Driver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No SAP IQ server runs here. The tests check that jTDS accepts and parses the URL the connector builds and fails as a
 * user would see it on a closed port, and run the connector's queries (TOP n, brackets) on H2 in MODE=MSSQLServer (an
 * in-memory database per test, owner dbo, loaded from source.sql). Run: jbang connectorTest.java
 */
class connectorTest {
    /** Made first: the kit sets up the log. Pages of 2 rows. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.h2("MSSQLServer", "DATABASE_TO_UPPER=FALSE").execute("CREATE SCHEMA dbo; SET SCHEMA dbo").executeFile(Path.of("source.sql"));
        sync.configure("jdbc_url", source.url()).configure("user_id", source.user()).configure("password", source.password()).configure("batch_size", "2");
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    @Test
    void jtdsAcceptsAndParsesTheUrlTheConnectorBuilds() throws Exception {
        String url = connector.url(Configuration.of(Map.of("server", "iq.example.com", "database", "iqdemo")));
        assertEquals("jdbc:jtds:sybase://iq.example.com:2638/iqdemo;charset=utf8;loginTimeout=15;appName=fivetran-connector-sdk", url);
        assertInstanceOf(Driver.class, DriverManager.getDriver(url), "jTDS registers itself for jdbc:jtds:");
        Map<String, String> parsed = Arrays.stream(new Driver().getPropertyInfo(url, new Properties()))
                .filter(property -> property.value != null).collect(Collectors.toMap(property -> property.name, property -> property.value));
        assertEquals("iq.example.com", parsed.get("SERVERNAME"));
        assertEquals("2638", parsed.get("PORTNUMBER"));
        assertEquals("iqdemo", parsed.get("DATABASENAME"));
        assertEquals("5.0", parsed.get("TDS"), "TDS 5.0, as upstream's FreeTDS setting");
    }

    @Test
    void theTableArrivesInPagesThenOnlyTheRowsAfterThePosition() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(4L, first.counts().upserts());
        assertTrue(sync.log().contains("INFO customers: 4 rows read in 3 queries of at most 2, position {created_date=2024-01-12, customer_id=4}"),
                sync.log()::toString);
        assertEquals(List.of(Map.of("column_name", "balance", "data_type", "DECIMAL(38,2)"), Map.of("column_name", "created_date", "data_type", "DATE"),
                Map.of("column_name", "customer_id", "data_type", "INTEGER"), Map.of("column_name", "email", "data_type", "VARCHAR"),
                Map.of("column_name", "name", "data_type", "VARCHAR")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                        + "AND table_name = 'customers' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
        assertEquals(List.of(Map.of("name", "Société Générale", "balance", new BigDecimal("250.75"), "created_date", LocalDate.of(2024, 1, 12))),
                sync.rows("SELECT name, balance, created_date FROM customers WHERE customer_id = 4"));
        assertEquals(Map.of("customers", Map.of("created_date", "2024-01-12", "customer_id", 4)), first.state());

        source.execute("INSERT INTO customers VALUES (5, 'Umbrella', NULL, 10, '2024-01-12')");
        source.execute("UPDATE customers SET balance = 99, created_date = '2024-02-01' WHERE customer_id = 2");
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L, second.counts().upserts(), "the new customer (a tie on created_date) and the re-dated one");
        assertEquals(Map.of("customers", Map.of("created_date", "2024-02-01", "customer_id", 2)), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts());
    }

    @Test
    void aWrongPasswordAMissingTableAndAClosedPortFailWithMessagesThatNameTheKeys() throws Exception {
        SyncResult wrongPassword = sync.configure("password", "not-the-password").run();
        assertFalse(wrongPassword.succeeded());
        assertTrue(wrongPassword.failure().contains("cannot connect to the database of configuration key 'jdbc_url'"), wrongPassword.failure());
        assertFalse(wrongPassword.failure().contains("not-the-password"), wrongPassword.failure());

        SyncResult otherOwner = sync.configure("password", source.password()).configure("owner", "sales").run();
        assertFalse(otherOwner.succeeded());
        assertTrue(otherOwner.failure().contains("[sales].[customers]"), otherOwner.failure());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SyncResult refused = sync.configure("jdbc_url", "").configure("server", "127.0.0.1").configure("port", String.valueOf(closedPort))
                .configure("database", "iqdemo").run();
        assertFalse(refused.succeeded());
        assertTrue(refused.failure().contains("cannot connect to the database of configuration keys 'server', 'port' and 'database': "
                + "Network error IOException: Connection refused"), refused.failure());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
