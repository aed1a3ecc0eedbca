///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java
//SOURCES ../VaultConnectorTests.java

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after Veeva Vault's API reference (Retrieve Details
 * from All Object Types, Submitting a Query with X-VaultAPI-DescribeQuery, next_page pagination, the burst limit
 * headers): recordings/ (two syncs of two objects, one incremental over three pages with a 503 retried, one read in
 * full), recordings-page-lost/ (a pagination link refused), recordings-bad-credentials/ (a 401). The tests that the
 * session example shares are ../VaultConnectorTests.java. Run: jbang connectorTest.java
 */
class connectorTest extends VaultConnectorTests {
    @Override
    void assertFirstSyncLog(TestSync sync) {
        assertTrue(sync.log().contains("WARN Vault burst limit: 450 of 2000 calls left; waiting 0 s"), sync.log()::toString);
    }

    @Test
    void refusedCredentialsAreNamedAsSuch() {
        try (TestSync sync = sync("recordings-bad-credentials")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Veeva Vault refused the credentials (HTTP 401); check username and password"), result.failure());
            assertTrue(result.failure().contains("USERNAME_OR_PASSWORD_INCORRECT"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
