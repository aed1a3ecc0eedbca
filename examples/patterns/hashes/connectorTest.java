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
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline (its log is emulated): the hash of a line's identifying fields is a stable key,
 * so a repeated line, and the same log read by a second sync, give no extra rows. Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void aLineReadAgainReplacesItself() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(4L, first.counts().upserts(), "every line of the log is upserted");
            assertEquals(3L, sync.value("SELECT count(*) FROM access_log"), "the repeated line is one row");

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(3L, sync.value("SELECT count(*) FROM access_log"));
            assertEquals("web-2", sync.value("SELECT host FROM access_log WHERE line_hash = '"
                    + Hashing.sha256("2024-05-01T10:00:00Z", "web-2", "GET /") + "'"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
