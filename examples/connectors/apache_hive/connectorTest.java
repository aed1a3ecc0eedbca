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
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.hive.jdbc.HiveDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No HiveServer2 runs here. The tests check that Hive's JDBC driver accepts and parses the URL the connector builds and
 * fails as a user would see it on a closed port, and run the connector's HiveQL (backticks, the keyset predicate,
 * ORDER BY) on H2 in MODE=MySQL (an in-memory database per test, loaded from source.sql with STRING written VARCHAR).
 * Run: jbang connectorTest.java
 */
class connectorTest {
    /** Made first: the kit sets up the log. A checkpoint every 2 rows. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.h2("MySQL", "DATABASE_TO_LOWER=TRUE").executeFile(Path.of("source.sql"), sql -> sql.replace(" STRING", " VARCHAR(255)").replace(" STORED AS ORC", ""));
        sync.configure("jdbc_url", source.url()).configure("username", source.user()).configure("password", source.password()).configure("batch_size", "2");
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    @Test
    void hivesDriverAcceptsAndParsesTheUrlTheConnectorBuilds() throws Exception {
        String url = connector.url(Configuration.of(Map.of("hostname", "hive.example.com", "database", "sales")));
        assertEquals("jdbc:hive2://hive.example.com:10000/sales?hive.resultset.use.unique.column.names=false", url);
        assertTrue(new HiveDriver().acceptsURL(url));
        assertInstanceOf(HiveDriver.class, DriverManager.getDriver(url), "the driver registers itself for jdbc:hive2:");
        Map<String, String> parsed = Arrays.stream(new HiveDriver().getPropertyInfo(url, new Properties()))
                .filter(property -> property.value != null).collect(Collectors.toMap(property -> property.name, property -> property.value));
        assertEquals("hive.example.com", parsed.get("HOST"));
        assertEquals("10000", parsed.get("PORT"));
        assertEquals("sales", parsed.get("DBNAME"));
    }

    @Test
    void theTableArrivesThenOnlyTheRowsAfterThePosition() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(3L, first.counts().upserts());
        assertEquals(2L, first.counts().checkpoints(), "after 2 rows and after the last");
        assertEquals(List.of(Map.of("column_name", "city", "data_type", "VARCHAR"), Map.of("column_name", "created_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                Map.of("column_name", "id", "data_type", "INTEGER"), Map.of("column_name", "name", "data_type", "VARCHAR")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                        + "AND table_name = 'people' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
        assertEquals(OffsetDateTime.of(2024, 1, 1, 9, 30, 0, 500_000_000, ZoneOffset.UTC).toInstant(),
                ((OffsetDateTime) sync.value("SELECT created_at FROM people WHERE id = 2")).toInstant(), "Hive's TIMESTAMP read as UTC");
        assertEquals("Grâce", sync.value("SELECT name FROM people WHERE id = 2"));
        assertEquals(Map.of("people", Map.of("created_at", "2024-01-01T09:30:00.500", "id", 3)), first.state());

        source.execute("INSERT INTO people VALUES (4, 'Barbara', 'Boston', '2024-01-01 09:30:00.5')");
        source.execute("INSERT INTO people VALUES (5, 'Edsger', 'Austin', '2024-02-01 00:00:00')");
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L, second.counts().upserts(), "a row tying on created_at and a later one");
        assertEquals(Map.of("people", Map.of("created_at", "2024-02-01T00:00", "id", 5)), second.state());

        SyncResult third = sync.run();
        assertTrue(third.succeeded(), third.failure());
        assertEquals(0L, third.counts().upserts());
    }

    @Test
    void aWrongPasswordAndAClosedPortFailWithMessagesThatNameTheKeys() throws Exception {
        SyncResult wrongPassword = sync.configure("password", "not-the-password").run();
        assertFalse(wrongPassword.succeeded());
        assertTrue(wrongPassword.failure().contains("cannot connect to the database of configuration key 'jdbc_url'"), wrongPassword.failure());
        assertFalse(wrongPassword.failure().contains("not-the-password") || wrongPassword.failure().contains("jdbc:h2"), wrongPassword.failure());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SyncResult refused = sync.configure("jdbc_url", "").configure("hostname", "127.0.0.1").configure("port", String.valueOf(closedPort))
                .configure("database", "default").configure("password", "").run();
        assertFalse(refused.succeeded());
        assertTrue(refused.failure().contains("cannot connect to the database of configuration keys 'hostname', 'port' and 'database': "), refused.failure());
        assertTrue(refused.failure().contains("Could not open client transport with JDBC Uri: <url>: java.net.ConnectException: Connection refused"),
                refused.failure());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
