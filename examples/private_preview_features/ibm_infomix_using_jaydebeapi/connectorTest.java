///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//DEPS com.h2database:h2:2.5.252
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.informix.jdbc.IfxDriver;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
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
 * No Informix server runs here, and H2 has no Informix mode. The tests check that Informix's JDBC driver accepts the
 * SQLI URL the connector builds and fails as a user would see it on a closed port, and run the connector's query
 * (SELECT *) on H2 (an in-memory database per test, loaded from source.sql with DATETIME written TIMESTAMP). Run:
 * jbang connectorTest.java
 */
class connectorTest {
    /** Made first: the kit sets up the log. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.h2(null, "DATABASE_TO_LOWER=TRUE").executeFile(Path.of("source.sql"), sql -> sql.replace("DATETIME YEAR TO SECOND", "TIMESTAMP(0)"));
        sync.configure("jdbc_url", source.url()).configure("username", source.user()).configure("password", source.password());
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    @Test
    void informixsDriverAcceptsTheSqliUrlTheConnectorBuilds() throws Exception {
        String url = connector.url(Configuration.of(Map.of("hostname", "ifx.example.com", "port", "9088", "database", "stores_demo",
                "informix_server", "informix")));
        assertEquals("jdbc:informix-sqli://ifx.example.com:9088/stores_demo:INFORMIXSERVER=informix", url);
        assertTrue(new IfxDriver().acceptsURL(url));
        assertInstanceOf(IfxDriver.class, DriverManager.getDriver(url), "the driver registers itself for jdbc:informix-sqli:");
    }

    @Test
    void theWholeTableArrivesOnEverySyncAndDeletedRowsAreMarkedDeleted() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(3L, first.counts().upserts());
        assertEquals(List.of(Map.of("column_name", "id", "data_type", "VARCHAR"), Map.of("column_name", "name", "data_type", "VARCHAR"),
                Map.of("column_name", "quantity", "data_type", "INTEGER"), Map.of("column_name", "updated", "data_type", "TIMESTAMP")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                        + "AND table_name = 'sample_table' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
        assertEquals(List.of(Map.of("name", "bolts", "quantity", 120, "updated", LocalDateTime.of(2024, 1, 1, 9, 0))),
                sync.rows("SELECT name, quantity, updated FROM sample_table WHERE id = 'a-1'"));
        assertEquals(Map.of(), first.state());

        source.execute("INSERT INTO sample_table VALUES ('c-1', 'rivets', 7, '2024-02-01 08:00:00')");
        source.execute("UPDATE sample_table SET quantity = 99 WHERE id = 'a-2'");
        source.execute("DELETE FROM sample_table WHERE id = 'b-1'");
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(3L, second.counts().upserts(), "the whole table again: a-1, a-2, c-1");
        assertEquals(1L, second.counts().truncates());
        assertEquals(List.of(Map.of("id", "a-1", "quantity", 120, "_fivetran_deleted", false), Map.of("id", "a-2", "quantity", 99, "_fivetran_deleted", false),
                Map.of("id", "b-1", "quantity", 40, "_fivetran_deleted", true), Map.of("id", "c-1", "quantity", 7, "_fivetran_deleted", false)),
                sync.rows("SELECT id, quantity, _fivetran_deleted FROM sample_table ORDER BY id"), "b-1, deleted in the source, is marked deleted");
    }

    @Test
    void aWrongPasswordAMissingTableAndAClosedPortFailWithMessagesThatNameTheKeys() throws Exception {
        SyncResult wrongPassword = sync.configure("password", "not-the-password").run();
        assertFalse(wrongPassword.succeeded());
        assertTrue(wrongPassword.failure().contains("cannot connect to the database of configuration key 'jdbc_url'"), wrongPassword.failure());
        assertFalse(wrongPassword.failure().contains("not-the-password") || wrongPassword.failure().contains("jdbc:h2"), wrongPassword.failure());

        SyncResult missing = sync.configure("password", source.password()).configure("table_name", "no_such_table").run();
        assertFalse(missing.succeeded());
        assertTrue(missing.failure().contains("no_such_table"), missing.failure());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SyncResult refused = sync.configure("table_name", "sample_table").configure("jdbc_url", "").configure("hostname", "127.0.0.1")
                .configure("port", String.valueOf(closedPort)).configure("database", "stores_demo").configure("informix_server", "informix").run();
        assertFalse(refused.succeeded());
        assertTrue(refused.failure().contains("cannot connect to the database of configuration keys 'hostname', 'port', 'database' and 'informix_server': "),
                refused.failure());
        assertTrue(refused.failure().contains("Socket connection to server (informix@127.0.0.1:" + closedPort + ") failed"), refused.failure());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
