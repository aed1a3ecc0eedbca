///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
// The in-process Neo4j server, here only (never in connector.java). Its POM would move the build to Jackson 2.22 (the
// SDK's is 2.20) and keeps Netty at 4.1, which the 5.26 server needs (on 4.2 its bolt connector fails to start).
//DEPS com.fasterxml.jackson:jackson-bom:2.20.2@pom
//DEPS org.neo4j.test:neo4j-harness:5.26.30
// Neo4j brings an SLF4J provider of its own (neo4j-slf4j-provider); the SDK's is Logback's. C1 only: a quicker start.
//JAVA_OPTIONS -Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider -XX:TieredStopAtLevel=1
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Tests of the connector against a Neo4j 5.26 server started in this JVM by the Neo4j test harness, once for the
 * class (bolt on a free local port, no HTTP server, authentication off). Each test loads the same small Twitter-like
 * graph (source.cypher) into the emptied default database, syncs, changes the graph and syncs again from the saved
 * state.
 * Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest {
    private static Neo4j server;
    private static Driver graph;

    @BeforeAll
    static void startServer() {
        server = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        graph = GraphDatabase.driver(server.boltURI(), AuthTokens.none());
    }

    @AfterAll
    static void stopServer() {
        if (graph != null) {
            graph.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * source.cypher: four users (eve without updated_at), a User node with no screen_name (no row can be keyed by it),
     * three tweets with five tags between them: tweet 1 has three, which upstream's tweet_id-only key collapsed into
     * one row, and which pages of 2 split in the middle.
     */
    @BeforeEach
    void loadGraph() throws Exception {
        cypher("MATCH (n) DETACH DELETE n");
        cypher(Files.readString(Path.of("source.cypher")).strip().replaceFirst(";$", "")); // cypher-shell's ';', not the driver's
    }

    private static void cypher(String query) {
        try (var session = graph.session()) {
            session.executeWriteWithoutResult(tx -> tx.run(query).consume());
        }
    }

    /** Pages of 2 rows, so that every table takes several pages and checkpoints. */
    private static TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("neo4j_uri", server.boltURI().toString())
                .configure("batch_size", "2");
    }

    @Test
    void withUpdatedAtTheFirstSyncCopiesTheGraphAndTheNextOnlyTheNodesChangedSince() {
        try (TestSync sync = sync().configure("updated_at_property", "updated_at")) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(3L + 5L, first.counts().upserts(), "ada, grace, linus; 5 tweet-hashtag pairs");
            assertEquals(2L, first.counts().truncates(), "a first pass: one truncate per table");
            assertTrue(sync.log().contains("INFO user: 3 rows read in 2 pages changed since the last sync"), sync.log()::toString);
            assertTrue(sync.log().contains("WARN user: 1 (u:User) nodes have no updated_at property; incremental syncs cannot see"
                    + " them, so they are not synced"), sync.log()::toString);
            assertEquals(List.of(Map.of("username", "ada", "name", "Ada Lovelace", "followers_count", 120L, "following_count", 3L,
                                    "location", "London", "profile_image_url", "https://img.example.com/ada.png",
                                    "url", "https://ada.example.com", "betweenness", 2.5),
                            row("username", "grace", "name", "Grace Hopper", "followers_count", 95L, "following_count", 10L,
                                    "location", "Arlington", "profile_image_url", null, "url", null, "betweenness", 0.75),
                            row("username", "linus", "name", "Linus", "followers_count", 3_000_000_000L, "following_count", 0L,
                                    "location", null, "profile_image_url", null, "url", null, "betweenness", 0.0)),
                    sync.rows("SELECT username, name, followers_count, following_count, location, profile_image_url, url, betweenness"
                            + " FROM \"user\" ORDER BY username"));
            assertEquals("2024-01-02 08:00:00+00", sync.value("SELECT strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S+00')"
                    + " FROM \"user\" WHERE username = 'linus'"));
            assertEquals(List.of(Map.of("column_name", "betweenness", "data_type", "DOUBLE"),
                            Map.of("column_name", "followers_count", "data_type", "BIGINT"),
                            Map.of("column_name", "updated_at", "data_type", "TIMESTAMP WITH TIME ZONE"),
                            Map.of("column_name", "username", "data_type", "VARCHAR")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'user'"
                            + " AND column_name IN ('username', 'followers_count', 'betweenness', 'updated_at') ORDER BY column_name"));
            assertTrue(sync.log().contains("INFO tweet_hashtag: 5 rows read in 3 pages changed since the last sync"), sync.log()::toString);
            assertEquals(List.of(Map.of("tweet_id", "1", "hashtag_name", "graphs"), Map.of("tweet_id", "1", "hashtag_name", "java"),
                            Map.of("tweet_id", "1", "hashtag_name", "neo4j"), Map.of("tweet_id", "2", "hashtag_name", "graphs"),
                            Map.of("tweet_id", "3", "hashtag_name", "neo4j")),
                    sync.rows("SELECT tweet_id, hashtag_name FROM tweet_hashtag ORDER BY tweet_id, hashtag_name"));
            assertEquals(Map.of("user", Map.of("updated_at", Map.of("DATE_TIME", "2024-01-02T09:00+01:00"), "username", "linus"),
                            "tweet_hashtag", Map.of("updated_at", Map.of("DATE_TIME", "2024-01-02T08:05Z"), "tweet_id", 3, "hashtag_name", "neo4j")),
                    first.state());

            cypher("""
                    MATCH (grace:User {screen_name: 'grace'}) SET grace.followers = 96, grace.updated_at = datetime('2024-02-01T08:00:00Z')
                    CREATE (barbara:User {screen_name: 'barbara', name: 'Barbara Liskov', followers: 7, following: 1,
                                          updated_at: datetime('2024-02-01T09:00:00Z')})
                    CREATE (t4:Tweet {id: 4, text: 'new', updated_at: datetime('2024-02-01T09:05:00Z')})
                    CREATE (barbara)-[:POSTS]->(t4)
                    WITH t4 MATCH (h:Hashtag) WHERE h.name IN ['java', 'neo4j'] CREATE (t4)-[:TAGS]->(h)
                    """);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L + 2L, second.counts().upserts(), "grace and barbara; tweet 4's two tags, nothing else");
            assertEquals(0L, second.counts().truncates() + second.counts().deletes());
            assertTrue(sync.log().contains("INFO user: 2 rows read in 2 pages changed since the last sync"), sync.log()::toString);
            assertEquals(List.of(Map.of("username", "ada", "followers_count", 120L), Map.of("username", "barbara", "followers_count", 7L),
                            Map.of("username", "grace", "followers_count", 96L), Map.of("username", "linus", "followers_count", 3_000_000_000L)),
                    sync.rows("SELECT username, followers_count FROM \"user\" ORDER BY username"));
            assertEquals(7L, sync.value("SELECT count(*) FROM tweet_hashtag WHERE NOT _fivetran_deleted"));
            assertEquals(Map.of("user", Map.of("updated_at", Map.of("DATE_TIME", "2024-02-01T09:00Z"), "username", "barbara"),
                            "tweet_hashtag", Map.of("updated_at", Map.of("DATE_TIME", "2024-02-01T09:05Z"), "tweet_id", 4, "hashtag_name", "neo4j")),
                    second.state());

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts() + third.counts().deletes() + third.counts().truncates(), "nothing changed");
            assertEquals(second.state(), third.state());
        }
    }

    @Test
    void withoutUpdatedAtEverySyncIsAFullPassThatMarksRemovedUsersAndTagsDeleted() {
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(4L + 5L, first.counts().upserts(), "ada, eve, grace, linus (not the node with no screen_name); 5 pairs");
            assertEquals(Map.of(), first.state(), "a full pass done leaves no position");
            assertTrue(sync.log().contains("INFO tweet_hashtag: 5 rows read in 3 pages (full pass)"), sync.log()::toString);

            cypher("""
                    MATCH (linus:User {screen_name: 'linus'}) DETACH DELETE linus
                    WITH 1 AS one MATCH (:Tweet {id: 1})-[tag:TAGS]->(:Hashtag {name: 'java'}) DELETE tag
                    """);
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(3L + 4L, second.counts().upserts(), "all but linus and tweet 1's java tag");
            assertEquals(2L, second.counts().truncates());
            assertEquals(List.of(Map.of("username", "ada", "_fivetran_deleted", false), Map.of("username", "eve", "_fivetran_deleted", false),
                            Map.of("username", "grace", "_fivetran_deleted", false), Map.of("username", "linus", "_fivetran_deleted", true)),
                    sync.rows("SELECT username, _fivetran_deleted FROM \"user\" ORDER BY username"));
            assertEquals(List.of(Map.of("tweet_id", "1", "hashtag_name", "java")),
                    sync.rows("SELECT tweet_id, hashtag_name FROM tweet_hashtag WHERE _fivetran_deleted"));

            // A sync that resumes a pass interrupted after the page ending with ada: no truncate, only the users after ada.
            SyncResult resumed = sync.state(Map.of("user", Map.of("username", "ada"))).run();
            assertTrue(resumed.succeeded(), resumed.failure());
            assertEquals(1L, resumed.counts().truncates(), "tweet_hashtag's pass only: user's resumes");
            assertTrue(sync.log().contains("INFO user: 2 rows read in 2 pages (full pass)"), sync.log()::toString);
            assertEquals(true, sync.value("SELECT _fivetran_deleted FROM \"user\" WHERE username = 'linus'"));
        }
    }

    @Test
    void aDatabaseThatTheServerLacksFailsTheSync() {
        try (TestSync sync = sync().configure("database", "no_such_database")) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("no_such_database"), result.failure());
        }
    }

    /** A map that, unlike Map.of, holds nulls. */
    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
