package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import fivetran.connector.sdk.testing.Project;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The Redis and RabbitMQ examples, run through JBang against the real local servers. */
@Tag("servers")
class MessageSourceExamplesTest {
    private static String unique() {
        return "sdk_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void debug(Project project) {
        Project.Result result = project.jbang("debug");
        assertEquals(0, result.exit(), result::toString);
    }

    @Test
    void redisRefreshesPlainKeysAndASortedSetAndMarksVanishedKeysDeleted() {
        String prefix = unique() + ":";
        try (Jedis redis = new Jedis("127.0.0.1", 6379)) {
            try {
                for (int id = 1; id <= 1_200; id++) {
                    redis.set(prefix + "product:" + id, "{\"name\": \"item " + id + "\", \"price\": " + id + ".5}");
                }
                redis.zadd(prefix + "leaderboard", Map.of("ada", 120.0, "grace", 95.0, "linus", 130.0));
                Project project = Project.example("connectors/redis").write("configuration.json",
                        "{\"redis_url\": \"redis://127.0.0.1:6379\", \"key_prefix\": \"" + prefix + "\"}");
                debug(project);
                assertEquals(1_200L, project.value("SELECT count(*) FROM tester.products WHERE NOT _fivetran_deleted"));
                assertEquals("item 7", project.value("SELECT name FROM tester.products WHERE id = '7'"));
                assertEquals(List.of(Map.of("player", "linus", "score", 130.0, "rank", 1L), Map.of("player", "ada", "score", 120.0, "rank", 2L),
                                Map.of("player", "grace", "score", 95.0, "rank", 3L)),
                        project.query("SELECT player, score, rank::BIGINT AS rank FROM tester.leaderboard ORDER BY rank"));

                redis.del(prefix + "product:7");
                redis.zrem(prefix + "leaderboard", "linus");
                debug(project);
                assertEquals(true, project.value("SELECT _fivetran_deleted FROM tester.products WHERE id = '7'"));
                assertEquals(1_199L, project.value("SELECT count(*) FROM tester.products WHERE NOT _fivetran_deleted"));
                assertEquals(List.of("ada", "grace"), project.query("SELECT player FROM tester.leaderboard WHERE NOT _fivetran_deleted ORDER BY rank")
                        .stream().map(r -> r.get("player")).toList());
            } finally {
                var keys = redis.keys(prefix + "*");
                if (!keys.isEmpty()) {
                    redis.del(keys.toArray(String[]::new));
                }
            }
        }
    }

    @Test
    void rabbitmqAcknowledgesOnlyAfterTheCheckpointSoAFailedSyncsMessagesAreRedelivered() throws Exception {
        String queue = unique();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri("amqp://guest:guest@127.0.0.1:5672");
        try (com.rabbitmq.client.Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            try {
                for (int id = 1; id <= 5; id++) {
                    publish(channel, queue, "{\"id\": " + id + ", \"type\": \"signup\"}");
                }
                publish(channel, queue, "not json");
                Project project = Project.example("connectors/rabbitmq").write("configuration.json",
                        "{\"amqp_url\": \"amqp://guest:guest@127.0.0.1:5672\", \"queue\": \"" + queue + "\", \"batch_size\": \"2\"}");
                Project.Result failed = project.jbang("debug");
                assertEquals(1, failed.exit(), failed::toString);
                assertEquals(List.of(1L, 2L, 3L, 4L), project.query("SELECT id FROM tester.events ORDER BY id").stream().map(r -> r.get("id")).toList());
                assertEquals("{\"received\":4}", project.state());

                try (Channel inspector = connection.createChannel()) {
                    GetResponse five = inspector.basicGet(queue, false);
                    GetResponse poison = inspector.basicGet(queue, false);
                    assertEquals("{\"id\": 5, \"type\": \"signup\"}", new String(five.getBody(), StandardCharsets.UTF_8));
                    assertTrue(five.getEnvelope().isRedeliver(), "message 5 was upserted but not committed: it comes back");
                    assertEquals("not json", new String(poison.getBody(), StandardCharsets.UTF_8));
                    inspector.basicAck(poison.getEnvelope().getDeliveryTag(), false);
                    inspector.basicNack(five.getEnvelope().getDeliveryTag(), false, true);
                }
                debug(project);
                assertEquals(5L, project.value("SELECT count(*) FROM tester.events"));
                assertEquals("{\"received\":5}", project.state());
                assertNull(channel.basicGet(queue, false), "every committed message is acknowledged");
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    private static void publish(Channel channel, String queue, String body) throws java.io.IOException {
        channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
    }
}
