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
import java.sql.DriverPropertyInfo;
import java.time.LocalDateTime;
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
 * No ASE server runs here. The tests check that jTDS accepts and parses the URL the connector builds and fails as a
 * user would see it on a closed port, and run the connector's Transact-SQL on H2 in MODE=MSSQLServer (an in-memory
 * database per test, owner dbo, loaded from source.sql). Run: jbang connectorTest.java
 */
class connectorTest {
    /** Made first: the kit sets up the log. Pages of 2 rows. */
    private final TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"));
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.h2("MSSQLServer", "DATABASE_TO_UPPER=FALSE").execute("CREATE SCHEMA dbo; SET SCHEMA dbo").executeFile(Path.of("source.sql"));
        sync.configure("jdbc_url", source.url() + ";SCHEMA=dbo").configure("user_id", source.user()).configure("password", source.password()).configure("batch_size", "2");
    }

    @AfterEach
    void dropSource() {
        sync.close();
        source.close();
    }

    @Test
    void jtdsAcceptsAndParsesTheUrlTheConnectorBuilds() throws Exception {
        String url = connector.url(Configuration.of(Map.of("server", "ase.example.com", "port", "5000", "database", "pubs2")));
        assertEquals("jdbc:jtds:sybase://ase.example.com:5000/pubs2;charset=utf8;loginTimeout=15;socketTimeout=600;appName=fivetran-connector-sdk", url);
        assertInstanceOf(Driver.class, DriverManager.getDriver(url), "jTDS registers itself for jdbc:jtds:");
        Map<String, String> parsed = Arrays.stream(new Driver().getPropertyInfo(url, new Properties()))
                .filter(property -> property.value != null).collect(Collectors.toMap(property -> property.name, property -> property.value));
        assertEquals("ase.example.com", parsed.get("SERVERNAME"));
        assertEquals("5000", parsed.get("PORTNUMBER"));
        assertEquals("pubs2", parsed.get("DATABASENAME"));
        assertEquals("2", parsed.get("SERVERTYPE"), "2 is Sybase: TDS 5.0");
        assertEquals("5.0", parsed.get("TDS"));
        assertEquals("utf8", parsed.get("CHARSET"));
    }

    @Test
    void everyUserTableArrivesThenOnlyTheRowsAfterEachTablesPosition() throws Exception {
        SyncResult first = sync.run();
        assertTrue(first.succeeded(), first.failure());
        assertEquals(3L + 5L + 2L, first.counts().upserts());
        assertTrue(sync.log().contains("INFO sales: 5 rows read in 3 queries of at most 2, position {date=1985-09-14T10:30, stor_id=8042, ord_num=423LL922}"),
                sync.log()::toString);
        assertTrue(sync.log().contains("WARN audit_log: no primary key and no unique index known, so the whole table is copied on every sync"), sync.log()::toString);
        assertEquals(List.of(Map.of("column_name", "date", "data_type", "TIMESTAMP"), Map.of("column_name", "ord_num", "data_type", "VARCHAR"),
                Map.of("column_name", "stor_id", "data_type", "VARCHAR")),
                sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' "
                        + "AND table_name = 'sales' AND column_name NOT LIKE '\\_fivetran%' ESCAPE '\\' ORDER BY column_name"));
        assertEquals(List.of(Map.of("pub_name", "Binnet & Hardley", "city", "Washington")), sync.rows("SELECT pub_name, city FROM publishers WHERE pub_id = '0877'"));
        assertEquals(new BigDecimal("19.99"), sync.value("SELECT amount FROM audit_log WHERE event = 'price change'"));
        assertEquals(Map.of("publishers", Map.of("pub_id", "1389"),
                "sales", Map.of("date", "1985-09-14T10:30", "stor_id", "8042", "ord_num", "423LL922")), first.state());

        source.execute("insert into sales values ('8042', 'P3087a', '1985-09-14 10:30:00')"); // a tie on date and stor_id, a higher ord_num
        source.execute("update sales set date = '1985-10-01 09:00:00' where stor_id = '7066'");
        source.execute("insert into publishers values ('9999', 'Lucerne Publishing', 'Paris', null)");
        source.execute("update publishers set city = 'Cambridge' where pub_id = '0736'"); // the key alone: invisible
        SyncResult second = sync.run();
        assertTrue(second.succeeded(), second.failure());
        assertEquals(2L + 1L + 2L, second.counts().upserts(), "sales' 2 changes, the new publisher, audit_log again in full");
        assertEquals(LocalDateTime.of(1985, 10, 1, 9, 0), sync.value("SELECT date FROM sales WHERE stor_id = '7066'"));
        assertEquals("Boston", sync.value("SELECT city FROM publishers WHERE pub_id = '0736'"));
        assertEquals(Map.of("publishers", Map.of("pub_id", "9999"),
                "sales", Map.of("date", "1985-10-01T09:00", "stor_id", "7066", "ord_num", "QA7442.3")), second.state());
    }

    @Test
    void listedTablesOnlyAndFailuresThatNameTheKeys() throws Exception {
        SyncResult listed = sync.configure("tables", "publishers").run();
        assertTrue(listed.succeeded(), listed.failure());
        assertEquals(3L, listed.counts().upserts());

        SyncResult missing = sync.configure("tables", "no_such_table").run();
        assertFalse(missing.succeeded());
        assertTrue(missing.failure().contains("source table 'dbo.no_such_table' not found"), missing.failure());

        SyncResult wrongPassword = sync.configure("tables", "").configure("password", "not-the-password").run();
        assertFalse(wrongPassword.succeeded());
        assertTrue(wrongPassword.failure().contains("cannot connect to the database of configuration key 'jdbc_url'"), wrongPassword.failure());
        assertFalse(wrongPassword.failure().contains("not-the-password"), wrongPassword.failure());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SyncResult refused = sync.configure("jdbc_url", "").configure("server", "127.0.0.1").configure("port", String.valueOf(closedPort))
                .configure("database", "pubs2").run();
        assertFalse(refused.succeeded());
        assertTrue(refused.failure().contains("cannot connect to the database of configuration keys 'server', 'port' and 'database': "), refused.failure());
        assertEquals(2, sync.log().stream().filter(line -> line.startsWith("WARN connection attempt ")).count(), "3 attempts, 2 s apart");
        assertTrue(refused.failure().contains("Network error IOException: Connection refused"), refused.failure());
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
