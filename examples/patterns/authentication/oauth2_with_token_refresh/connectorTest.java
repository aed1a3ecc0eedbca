///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline: its HTTP is answered from recordings/, two syncs in a row of the SDK's example API
 * (recorded with TestSync.record; the rotated refresh tokens rt-1 to rt-4 put back by hand, see README.md). The rotated
 * refresh token is kept in state, and the next sync refreshes from it. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("base_url", "https://api.example.com")
                .replay(Path.of("recordings"));
    }

    @Test
    void oauth2KeepsTheRotatedRefreshTokenInStateForTheNextSync() {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(Map.of("oauth2_refresh_token", "rt-2"), first.state());
            assertTrue(sync.log().contains("INFO the access token was refused: requesting a new one"), sync.log()::toString);
            assertEquals(2L, sync.log().stream().filter("INFO the refresh token was rotated: the new one is kept in state"::equals).count(),
                    sync.log()::toString);
            assertEquals(25L, first.counts().upserts());

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(Map.of("oauth2_refresh_token", "rt-4"), second.state(), "the second sync refreshed from rt-2");
            assertEquals(25L, sync.value("SELECT count(*) FROM item"));
        }
    }

    @Test
    void theRefreshTokenIsNeverLogged() {
        try (TestSync sync = sync()) {
            assertTrue(sync.run().succeeded());
            assertTrue(sync.log().contains("INFO checkpoint recorded: {\"oauth2_refresh_token\":\"****\"}"), sync.log()::toString);
            assertTrue(sync.log().stream().noneMatch(line -> line.contains("rt-")), sync.log()::toString);
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
