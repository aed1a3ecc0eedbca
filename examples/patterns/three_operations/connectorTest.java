///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline (its change log is emulated): created, changed and removed records become an
 * upsert, an update and a delete, and the log position in state makes the next sync write nothing.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema));
    }

    @Test
    void theChangeLogBecomesUpsertsAnUpdateAndADelete() {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertEquals(1L, first.counts().updates());
            assertEquals(1L, first.counts().deletes());
            assertEquals(Map.of("sequence", 5), first.state());
            assertEquals(List.of(
                            Map.of("id", 1L, "title", "printer jammed", "status", "closed", "priority", "low", "deleted", false),
                            Map.of("id", 2L, "title", "no wifi", "status", "open", "priority", "high", "deleted", false),
                            Map.of("id", 3L, "title", "duplicate of 2", "status", "open", "priority", "high", "deleted", true)),
                    sync.rows("SELECT id, title, status, priority, _fivetran_deleted AS deleted FROM tickets ORDER BY id"));

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(0L, second.counts().upserts());
            assertEquals(0L, second.counts().updates());
            assertEquals(0L, second.counts().deletes());
            assertEquals(Map.of("sequence", 5), second.state());
        }
    }

    @Test
    void aSyncResumesAfterTheSequenceInState() {
        try (TestSync sync = sync().state(Map.of("sequence", 3))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(0L, result.counts().upserts());
            assertEquals(1L, result.counts().updates());
            assertEquals(1L, result.counts().deletes());
            assertEquals(Map.of("sequence", 5), result.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
