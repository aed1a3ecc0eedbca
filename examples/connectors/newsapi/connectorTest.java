///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector, offline, on recordings written by hand after News API's documentation (/v2/everything: q,
 * from, to, language, sortBy, pageSize, page, X-Api-Key; the articles envelope and the error object): recordings/ is
 * one scenario, in order — a first sync of two topics, the first over two pages with a 429 between them, then a second
 * sync whose window starts where the first ended — and recordings-unauthorized/ a 401. Not the live API.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static TestSync sync(String recording) {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("api_key", "0123456789abcdef0123456789abcdef").configure("page_size", "2")
                .configure("initial_sync_timestamp", "2024-03-01T00:00:00Z")
                .replay(Path.of(recording));
    }

    @Test
    void eachTopicIsPagedOverTheWindowAndTheNextSyncStartsWhereItEnded() {
        Instant started = Instant.now().minusSeconds(1);
        try (TestSync sync = sync("recordings")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("429")), sync.log()::toString);
            assertEquals(4L, first.counts().upserts());
            assertEquals(4L, first.counts().checkpoints(), "one per page, then the window's end");
            Instant end = Instant.parse((String) first.state().get("to_ts"));
            assertTrue(!end.isBefore(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) && end.isBefore(Instant.now().plusSeconds(1)),
                    "the window ends at the sync's start: " + end);
            assertEquals(1, first.state().size());

            Map<String, Object> verge = sync.rows("SELECT * FROM article WHERE url = 'https://www.theverge.com/2024/3/1/ai-accelerators'").get(0);
            assertEquals("Artificial Intelligence", verge.get("topic"));
            assertEquals("the-verge", verge.get("source_id"));
            assertEquals("The Verge", verge.get("source_name"));
            assertEquals("Jane Doe", verge.get("author"));
            assertEquals(OffsetDateTime.of(2024, 3, 1, 14, 30, 0, 0, ZoneOffset.UTC), verge.get("published_at"));
            assertNull(sync.value("SELECT author FROM article WHERE url = 'https://www.wired.com/story/ai-newsrooms'"), "a null author stays null");
            assertNull(sync.value("SELECT source_id FROM article WHERE url = 'https://www.freep.example/story/news/ice-melt'"));
            Map<String, String> types = new HashMap<>();
            sync.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'tester' AND table_name = 'article'")
                    .forEach(column -> types.put((String) column.get("column_name"), (String) column.get("data_type")));
            assertEquals("TIMESTAMP WITH TIME ZONE", types.get("published_at"));
            assertEquals("VARCHAR", types.get("url"));
            assertEquals("VARCHAR", types.get("content"));
            assertEquals(List.of("topic", "url"), sync.rows("SELECT unnest(constraint_column_names) AS c FROM duckdb_constraints()"
                    + " WHERE table_name = 'article' AND constraint_type = 'PRIMARY KEY'").stream().map(r -> r.get("c")).toList());

            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts(), "only the articles of the new window");
            assertFalse(Instant.parse((String) second.state().get("to_ts")).isBefore(end));
            assertEquals(6L, sync.value("SELECT count(*) FROM article"));
            assertEquals(2L, sync.value("SELECT count(*) FROM article WHERE topic = 'Michigan'"));
        }
    }

    @Test
    void aRefusedKeyFailsTheSyncNamingIt() {
        try (TestSync sync = sync("recordings-unauthorized")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("News API refused the api_key (401): check configuration 'api_key'"), result.failure());
            assertTrue(result.failure().contains("apiKeyInvalid"), result.failure());
            assertTrue(result.state().isEmpty());
        }
    }

    @Test
    void topicsThatAreNotAJsonListAreNamed() {
        try (TestSync sync = sync("recordings").configure("topics", "Artificial Intelligence, Michigan")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("'topics'"), result.failure());
        }
        try (TestSync sync = sync("recordings").configure("topics", "[]")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("configuration 'topics' is an empty list"), result.failure());
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
