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
 * Tests of the connector, offline, on recordings written by hand after Veeva Vault's API reference (User Name and
 * Password authentication, End Session, Retrieve Details from All Object Types, Submitting a Query with
 * X-VaultAPI-DescribeQuery, next_page pagination): recordings/ (two syncs of two objects, each with its login and the
 * end of its session; one object incremental over three pages with a 503 retried and a session that expires and is
 * renewed, one read in full), recordings-page-lost/ (a pagination link refused), recordings-login-refused/. The tests
 * that the basic example shares are ../VaultConnectorTests.java. Run: jbang connectorTest.java
 */
class connectorTest extends VaultConnectorTests {
    @Override
    void assertFirstSyncLog(TestSync sync) {
        assertTrue(sync.log().contains("INFO the session expired: logging in again"), sync.log()::toString);
        assertTrue(sync.log().contains("INFO the Vault session ended"), sync.log()::toString);
    }

    @Override
    void assertAfterTheFailure(TestSync sync) {
        assertTrue(sync.log().contains("INFO the Vault session ended"), "also after a failure: " + sync.log());
    }

    @Test
    void aRefusedLoginIsNamedAsSuch() {
        try (TestSync sync = sync("recordings-login-refused")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("Veeva Vault refused the login (FAILURE): USERNAME_OR_PASSWORD_INCORRECT: Authentication failed for user.;"
                    + " check username and password"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
