///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS redis.clients:jedis:6.2.0

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.net.URI;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Redis plain keys and a sorted set, both refreshed in full at every sync (Redis keeps no change history):
 * - products: every key <prefix>product:<id>, a JSON object, read with SCAN and MGET in batches;
 * - leaderboard: the sorted set <prefix>leaderboard, one row per member with its score and rank.
 * A truncate before each refresh marks the rows whose keys or members are gone deleted.
 */
class connector {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("products").primaryKey("id").column("id", DataType.STRING),
                Table.named("leaderboard").primaryKey("player").column("player", DataType.STRING).column("score", DataType.DOUBLE));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String prefix = configuration.get("key_prefix", "shop:");
        try (Jedis redis = new Jedis(URI.create(configuration.get("redis_url", "redis://127.0.0.1:6379")))) {
            Operations.truncate("products");
            ScanParams products = new ScanParams().match(prefix + "product:*").count(500);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, products);
                List<String> keys = page.getResult();
                List<String> values = keys.isEmpty() ? List.of() : redis.mget(keys.toArray(String[]::new));
                for (int i = 0; i < keys.size(); i++) {
                    if (values.get(i) != null) { // expired between SCAN and MGET
                        ObjectNode product = (ObjectNode) JSON.readTree(values.get(i));
                        product.put("id", keys.get(i).substring((prefix + "product:").length()));
                        Operations.upsert("products", product);
                    }
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            Operations.checkpoint(state);

            Operations.truncate("leaderboard");
            List<Tuple> members = redis.zrevrangeWithScores(prefix + "leaderboard", 0, -1);
            for (int rank = 0; rank < members.size(); rank++) {
                Tuple member = members.get(rank);
                Operations.upsert("leaderboard", Map.of("player", member.getElement(), "score", member.getScore(), "rank", rank + 1));
            }
            Operations.checkpoint(state);
            Logging.info("leaderboard: " + members.size() + " members");
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
