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
 * Tests of the connector, offline (its change log is emulated, and grows after the first sync): two syncs in a
 * row, where every version is sent as a whole row with a checkpoint, then the delete. Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void everyVersionIsAWholeRowThenTheRecordIsDeleted() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts(), "Ada twice, Grace once");
            assertEquals(4L, first.counts().checkpoints(), "one per version, and the last");
            assertEquals(0L, first.counts().updates(), "whole rows only");
            assertEquals("Lyon", sync.value("SELECT city FROM customers WHERE id = 1"));
            assertEquals(Map.of("modified_after", "2024-05-01T15:00:00Z", "syncs", 1), first.state());

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(1L, second.counts().upserts());
            assertEquals(1L, second.counts().deletes());
            assertEquals(List.of(Map.of("id", 1L, "city", "Nice", "deleted", false), Map.of("id", 2L, "city", "Boston", "deleted", true)),
                    sync.rows("SELECT id, city, _fivetran_deleted AS deleted FROM customers ORDER BY id"));
            assertEquals(Map.of("modified_after", "2024-05-02T12:00:00Z", "syncs", 2), second.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
