///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.SourceDatabase;
import fivetran.connector.sdk.testkit.TestSync;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local PostgreSQL server (127.0.0.1:5432, user postgres, database test): each test
 * loads source.sql (300,000 rows) into a schema of its own, which it drops after, and streams it. In this JVM, so
 * without the connector's 64 MiB heap: that a loaded result overflows it is shown by running the connector itself
 * (jbang connector.java debug with fetch_size 0). Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private SourceDatabase source;

    @BeforeEach
    void createSource() {
        source = SourceDatabase.postgresql().executeFile(Path.of("source.sql"));
    }

    @AfterEach
    void dropSource() {
        source.close();
    }

    @Test
    void everyRowOfTheTableIsStreamedWithTheFetchSize() {
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("jdbc_url", source.url()).configure("fetch_size", "5000")) {
            SyncResult result = sync.run();
            assertTrue(result.succeeded(), result.failure());
            assertEquals(300_000L, result.counts().upserts());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("INFO streamed 300,000 rows in ")), sync.log()::toString);
            assertEquals(List.of(Map.of("n", 300_000L, "ids", 45_000_150_000L)), sync.rows("SELECT count(*) AS n, sum(id)::BIGINT AS ids FROM measurements"));
            assertEquals(List.of(Map.of("taken_at", LocalDateTime.of(2024, 1, 1, 0, 0, 7), "reading", new BigDecimal("0.70000000000000000000"),
                            "payload", "8f14e45fceea167a5a36dedd4bea2543".repeat(7))),
                    sync.rows("SELECT taken_at, reading, payload FROM measurements WHERE id = 7"),
                    "PostgreSQL's numeric division gives each row its own scale (up to 20 here): the inferred DECIMAL takes the largest");
            assertEquals(Map.of(), result.state(), "a full read each sync: no position");
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
