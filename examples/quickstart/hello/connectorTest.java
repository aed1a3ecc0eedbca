///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/** Tests of the connector, offline: two syncs in a row into a temporary warehouse. Run: jbang connectorTest.java */
class connectorTest {
    @Test
    void everySyncAppendsAHelloWorldRowAndKeepsAnEmptyState() {
        try (TestSync sync = TestSync.of(new Connector(connector::update))) {
            for (long run = 1; run <= 2; run++) {
                SyncResult result = sync.run();
                assertTrue(result.succeeded(), result.failure());
                assertEquals(1L, result.counts().upserts());
                assertTrue(sync.log().contains("INFO hello from the smallest connector"), sync.log()::toString);
                assertEquals(run, sync.value("SELECT count(*) FROM hello WHERE message = 'hello, world' AND NOT _fivetran_deleted"),
                        "a new row per sync, none replaced");
                assertEquals(Map.of(), result.state());
            }
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
