///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//DEPS com.h2database:h2:2.5.252
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sap.db.jdbc.Driver;
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
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No SAP HANA server runs here. The tests check that SAP's driver accepts the URL the connector builds and fails as a
 * user would see it on a closed port, and run the connector's queries (standard SQL with LIMIT) on H2 (an in-memory
 * database per test, loaded from source.sql). Run: jbang connectorTest.java
 */
class connectorTest {
    /** Made first: the kit sets up the log. Pages of 2 rows. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.h2(null).execute("CREATE SCHEMA SALES; SET SCHEMA SALES").executeFile(Path.of("source.sql"));
        sync.configure("jdbc_url", source.url()).configure("username", source.user()).configure("password", source.password())
                .configure("schema", "SALES").configure("batch_size", "2");
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    @Test
    void sapsDriverAcceptsTheUrlTheConnectorBuilds() throws Exception {
        String url = connector.url(Configuration.of(Map.of("host", "abc.hana.prod-eu10.hanacloud.ondemand.com", "port", "443")));
        assertEquals("jdbc:sap://abc.hana.prod-eu10.hanacloud.ondemand.com:443/?encrypt=true&validateCertificate=true", url);
        assertTrue(new Driver().acceptsURL(url));
        assertInstanceOf(Driver.class, DriverManager.getDriver(url), "the driver registers itself for jdbc:sap:");
        assertEquals("jdbc:sap://hana.local:30015/?encrypt=true&validateCertificate=false",
                connector.url(Configuration.of(Map.of("host", "hana.local", "port", "30015", "validate_certificate", "false"))));
    }

    @Test
    void theTableArrivesInPagesWithItsTypesThenOnlyTheRowsAfterThePosition() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(4L, first.counts().upserts());
        assertEquals(2L, first.counts().checkpoints(), "a checkpoint after each page of 2 (the last, empty page has none to make)");
        assertEquals(List.of(Map.of("column_name", "account_id", "data_type", "INTEGER"), Map.of("column_name", "amount", "data_type", "DECIMAL(38,2)"),
                Map.of("column_name", "created_at", "data_type", "TIMESTAMP"), Map.of("column_name", "currency", "data_type", "VARCHAR"),
                Map.of("column_name", "transaction_id", "data_type", "VARCHAR")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                        + "AND table_name = 'transactions' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
        assertEquals(List.of(Map.of("amount", new BigDecimal("-5.00"), "currency", "EUR", "created_at", LocalDateTime.of(2024, 1, 1, 9, 30, 0, 125_000_000))),
                sync.rows("SELECT amount, currency, created_at FROM transactions WHERE transaction_id = 't-003'"));
        assertEquals(Map.of("transactions", Map.of("created_at", "2024-01-02T17:45", "transaction_id", "t-004")), first.state());

        source.execute("INSERT INTO TRANSACTIONS VALUES ('t-005', 13, 7.00, 'EUR', '2024-01-02 17:45:00')");
        source.execute("UPDATE TRANSACTIONS SET AMOUNT = 30.00, CREATED_AT = '2024-01-03 08:00:00' WHERE TRANSACTION_ID = 't-001'");
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L, second.counts().upserts(), "the new transaction (a tie on CREATED_AT) and the moved one");
        assertEquals(new BigDecimal("30.00"), sync.value("SELECT amount FROM transactions WHERE transaction_id = 't-001'"));
        assertEquals(Map.of("transactions", Map.of("created_at", "2024-01-03T08:00", "transaction_id", "t-001")), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts());
    }

    @Test
    void aWrongPasswordABadSchemaAndAClosedPortFailWithMessagesThatNameTheKeys() throws Exception {
        SyncResult wrongPassword = sync.configure("password", "not-the-password").run();
        assertFalse(wrongPassword.succeeded());
        assertTrue(wrongPassword.failure().contains("cannot connect to the database of configuration key 'jdbc_url'"), wrongPassword.failure());
        assertFalse(wrongPassword.failure().contains("not-the-password") || wrongPassword.failure().contains("jdbc:h2"), wrongPassword.failure());

        SyncResult badSchema = sync.configure("password", source.password()).configure("schema", "SALES\"; --").run();
        assertFalse(badSchema.succeeded());
        assertTrue(badSchema.failure().contains("configuration key 'schema' must be a plain HANA schema name"), badSchema.failure());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SyncResult refused = sync.configure("schema", "SALES").configure("jdbc_url", "").configure("host", "127.0.0.1")
                .configure("port", String.valueOf(closedPort)).run();
        assertFalse(refused.succeeded());
        assertTrue(refused.failure().contains("cannot connect to the database of configuration keys 'host' and 'port': "), refused.failure());
        assertFalse(refused.failure().contains(source.password()), refused.failure());
        assertTrue(refused.failure().contains("Cannot connect to host /127.0.0.1:" + closedPort + ". java.net.ConnectException: Connection refused"),
                refused.failure());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
