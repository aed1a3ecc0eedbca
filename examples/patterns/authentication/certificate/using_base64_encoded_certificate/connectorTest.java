///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline: its HTTP is answered from recordings/, written by hand after what the SDK's example
 * API answers (the recording proxy does not present the client certificate, so a mutual-TLS sync cannot be recorded).
 * The SSLContext is still built from configuration.json, and a wrong password fails the sync. Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("base_url", "https://api.example.com")
                .replay(Path.of("recordings"));
    }

    @Test
    void syncsEveryItem() {
        try (TestSync sync = sync()) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(25L, result.counts().upserts());
            assertEquals(List.of(Map.of("n", 25L, "ids", 325L)),
                    sync.rows("SELECT count(*) AS n, sum(id)::BIGINT AS ids FROM item WHERE NOT _fivetran_deleted"));
            assertEquals(List.of(Map.of("name", "item 25", "price", 31.25, "updated_at", OffsetDateTime.of(2024, 1, 2, 1, 0, 0, 0, ZoneOffset.UTC))),
                    sync.rows("SELECT name, price, updated_at FROM item WHERE id = 25"));
        }
    }

    @Test
    void aWrongCertificatePasswordFailsTheSync() {
        try (TestSync sync = sync().configure("client_certificate_password", "not-the-password")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("the client certificate cannot be read (is it PKCS#12, and the password right?)"),
                    result.failure());
            assertFalse(result.failure().contains("not-the-password"), "the password is not printed: " + result.failure());
            assertEquals(0L, sync.value("SELECT count(*) FROM item"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
