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
 * Tests of the connector, offline: base64 content decoded into a BINARY (BLOB) column, an MD5 digest encoded into a
 * STRING column. Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void base64ContentIsDecodedIntoBinaryAndTheDigestEncoded() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(3L, result.counts().upserts());
            assertEquals(List.of(
                            Map.of("id", 1L, "name", "hello.txt", "content", "68656C6C6F2C20776F726C64", "size", 12, "checksum", "5NfxtO0uQtFYmPSyewGdpA=="),
                            Map.of("id", 2L, "name", "pixel.png", "content", "89504E470D0A1A0A", "size", 8, "checksum", "6d0nlwGMrXkYbgPoxa7I3A=="),
                            Map.of("id", 3L, "name", "empty.bin", "content", "", "size", 0, "checksum", "1B2M2Y8AsgTpgAmY7PhCfg==")),
                    sync.rows("SELECT id, name, hex(content) AS content, size, checksum FROM files ORDER BY id"));
            assertEquals("hello, world", sync.value("SELECT decode(content) FROM files WHERE id = 1"));
            assertEquals("BLOB", sync.value("SELECT data_type FROM duckdb_columns() WHERE schema_name = 'tester' "
                    + "AND table_name = 'files' AND column_name = 'content'"));
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
