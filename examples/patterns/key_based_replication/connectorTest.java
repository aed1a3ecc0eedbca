///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test): each test
 * loads source.sql into a schema of its own, which it drops after, and syncs from the replication key saved in state.
 * Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.postgresql().executeFile(Path.of("source.sql"));
    }

    @AfterEach
    void dropSource() {
        source.close();
    }

    private TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"))
                .configure("jdbc_url", source.url()).configure("table", "invoices").configure("replication_key", "version,id")
                .configure("checkpoint_every", "2");
    }

    @Test
    void theReplicationKeyIsSavedAtEveryCheckpointAndTheNextSyncStartsAfterIt() throws Exception {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(2L, first.counts().checkpoints(), "after 2 rows, then after the last");
            assertEquals(Map.of("invoices", Map.of("version", 3, "id", 3)), first.state());

            source.execute("""
                    UPDATE invoices SET status = 'paid' WHERE id = 1;
                    INSERT INTO invoices (id, total, status) VALUES (4, 12.00, 'open');
                    """);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("INFO invoices: 2 rows read")), sync.log()::toString);
            assertEquals(2L, second.counts().upserts(), "the updated invoice and the new one");
            assertEquals(Map.of("invoices", Map.of("version", 5, "id", 4)), second.state());
            assertEquals(List.of(Map.of("id", 1, "status", "paid", "version", 4L), Map.of("id", 2, "status", "open", "version", 2L),
                            Map.of("id", 3, "status", "open", "version", 3L), Map.of("id", 4, "status", "open", "version", 5L)),
                    sync.rows("SELECT id, status, version FROM invoices ORDER BY id"));
            assertEquals(new BigDecimal("12.00"), sync.value("SELECT total FROM invoices WHERE id = 4"));
        }
    }

    @Test
    void anUpdateMovesTheRowPastTheSavedKey() throws Exception {
        try (TestSync sync = sync()) {
            assertTrue(sync.run().succeeded());
            source.execute("UPDATE invoices SET status = 'paid' WHERE id = 1");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, second.counts().upserts());
            assertEquals(Map.of("invoices", Map.of("version", 4, "id", 1)), second.state());
            assertEquals(List.of("paid", "open", "open"), sync.rows("SELECT status FROM invoices ORDER BY id").stream().map(row -> row.get("status")).toList());
        }
    }

    @Test
    void aSyncResumedFromASavedKeyReadsOnlyTheRowsAfterIt() {
        try (TestSync sync = sync().state(Map.of("invoices", Map.of("version", 2, "id", 2)))) {
            SyncResult resumed = sync.run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("INFO invoices: 1 rows read")), sync.log()::toString);
            assertEquals(List.of(3), sync.rows("SELECT id FROM invoices").stream().map(row -> row.get("id")).toList());
            assertEquals(Map.of("invoices", Map.of("version", 3, "id", 3)), resumed.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
