///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline (its orders are emulated; the CSV file is written into the test's temporary
 * folder through {@code csv_file}): each sync writes its rows to the warehouse and the same rows to the CSV file,
 * which the next sync replaces. Run: jbang connectorTest.java
 */
class connectorTest {
    @Test
    void eachSyncWritesTheRowsItSyncedToTheCsvFile() throws IOException {
        try (TestSync sync = TestSync.of(new Connector(connector::update))) {
            Path csv = sync.project().resolve("orders.csv");
            sync.configure("csv_file", csv.toString());
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals("id,customer,status,amount,created_at", Files.readAllLines(csv).get(0));
            assertEquals(6, Files.readAllLines(csv).size());

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(Map.of("last_id", 10), second.state());
            assertEquals(10L, sync.value("SELECT count(*) FROM orders"), "the warehouse holds both syncs' orders");
            List<String> lines = Files.readAllLines(csv);
            assertEquals(6, lines.size(), lines::toString);
            assertEquals("id,customer,status,amount,created_at", lines.get(0));
            assertTrue(lines.get(1).startsWith("6,") && lines.get(1).endsWith(",2024-01-01T00:50:00Z"), lines::toString);
            assertTrue(lines.get(5).startsWith("10,"), lines::toString);
            BigDecimal amount = (BigDecimal) sync.value("SELECT amount FROM orders WHERE id = 6");
            assertTrue(lines.get(1).contains("," + amount.toPlainString() + ","), lines::toString);
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
