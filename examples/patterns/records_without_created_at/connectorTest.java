///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import fivetran.connector.sdk.util.Hashing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline (its source is emulated, and changes after the first sync): two syncs in a row,
 * where the second writes only the new and changed records, by the hashes in state, and deletes the one gone.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void theSecondSyncWritesOnlyWhatChangedSinceTheStoredHashes() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L, first.counts().upserts());
            assertTrue(sync.log().contains("INFO 3 of 3 records new or changed"), sync.log()::toString);

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts());
            assertEquals(1L, second.counts().deletes());
            assertTrue(sync.log().contains("INFO 2 of 3 records new or changed"), sync.log()::toString);
            assertEquals(List.of(
                            Map.of("id", 1L, "team", "core", "deleted", false),
                            Map.of("id", 2L, "team", "git", "deleted", false),
                            Map.of("id", 3L, "team", "compilers", "deleted", true),
                            Map.of("id", 4L, "team", "languages", "deleted", false)),
                    sync.rows("SELECT id, team, _fivetran_deleted AS deleted FROM employees ORDER BY id"));
            assertEquals(Map.of("syncs", 2, "hashes", Map.of(
                            "1", Hashing.sha256(Map.of("id", 1L, "name", "Ada", "team", "core")),
                            "2", Hashing.sha256(Map.of("id", 2L, "name", "Linus", "team", "git")),
                            "4", Hashing.sha256(Map.of("id", 4L, "name", "Barbara", "team", "languages")))),
                    second.state());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
