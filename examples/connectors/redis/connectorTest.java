///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;
import redis.clients.jedis.Jedis;

/**
 * Tests of the connector against the local Redis server (127.0.0.1:6379), under a key prefix of their own whose keys
 * they delete after: a full refresh, then another after keys and members changed. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static String product(int id) {
        return "{\"name\": \"item " + id + "\", \"price\": " + id + ".5}";
    }

    @Test
    void everySyncRefreshesKeysAndTheSortedSetAndMarksWhatVanishedDeleted() {
        String prefix = "connector_test_" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json")).configure("redis_url", "redis://127.0.0.1:6379").configure("key_prefix", prefix);
             Jedis redis = new Jedis("127.0.0.1", 6379)) {
            try {
                for (int id = 1; id <= 1_200; id++) {
                    redis.set(prefix + "product:" + id, product(id));
                }
                redis.zadd(prefix + "leaderboard", Map.of("ada", 120.0, "grace", 95.0, "linus", 130.0));
                SyncResult first = sync.run();
                assertTrue(first.succeeded(), first.failure());
                assertEquals(1_203L, first.counts().upserts(), "1,200 products, more than two SCAN batches of 500, and 3 members");
                assertEquals(2L, first.counts().truncates());
                assertTrue(sync.log().contains("INFO leaderboard: 3 members"), sync.log()::toString);
                assertEquals(1_200L, sync.value("SELECT count(*) FROM products WHERE NOT _fivetran_deleted"));
                assertEquals(Map.of("name", "item 7", "price", 7.5), sync.rows("SELECT name, price FROM products WHERE id = '7'").get(0));
                assertEquals(List.of(Map.of("player", "linus", "score", 130.0, "rank", 1), Map.of("player", "ada", "score", 120.0, "rank", 2),
                                Map.of("player", "grace", "score", 95.0, "rank", 3)),
                        sync.rows("SELECT player, score, rank FROM leaderboard ORDER BY rank"));
                assertEquals(Map.of(), first.state(), "a full refresh keeps no position");

                redis.del(prefix + "product:7");
                redis.set(prefix + "product:1", "{\"name\": \"item 1\", \"price\": 2.0}");
                redis.set(prefix + "product:1201", product(1_201));
                redis.zrem(prefix + "leaderboard", "linus");
                SyncResult second = sync.run();
                assertTrue(second.succeeded(), second.failure());
                assertEquals(1_202L, second.counts().upserts(), "everything again: 1,200 products and 2 members");
                assertTrue(sync.log().contains("INFO leaderboard: 2 members"), sync.log()::toString);
                assertEquals(true, sync.value("SELECT _fivetran_deleted FROM products WHERE id = '7'"));
                assertEquals(1_200L, sync.value("SELECT count(*) FROM products WHERE NOT _fivetran_deleted"));
                assertEquals(2.0, sync.value("SELECT price FROM products WHERE id = '1'"));
                assertEquals("item 1201", sync.value("SELECT name FROM products WHERE id = '1201' AND NOT _fivetran_deleted"));
                assertEquals(List.of(Map.of("player", "ada", "rank", 1), Map.of("player", "grace", "rank", 2)),
                        sync.rows("SELECT player, rank FROM leaderboard WHERE NOT _fivetran_deleted ORDER BY rank"));
                assertEquals(true, sync.value("SELECT _fivetran_deleted FROM leaderboard WHERE player = 'linus'"));
                assertEquals(Map.of(), second.state());
            } finally {
                var keys = redis.keys(prefix + "*");
                if (!keys.isEmpty()) {
                    redis.del(keys.toArray(String[]::new));
                }
            }
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
