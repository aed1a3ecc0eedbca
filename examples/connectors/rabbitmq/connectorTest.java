///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against the local RabbitMQ server (127.0.0.1:5672, guest/guest), on a queue of their own that
 * they delete after: a sync that fails on a message leaves the uncommitted ones in the queue, and the next sync gets
 * them. Run: jbang connectorTest.java
 */
@Tag("servers")
class connectorTest {
    private static final String SERVER = "amqp://guest:guest@127.0.0.1:5672";

    private static void publish(Channel channel, String queue, String body) throws Exception {
        channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void messagesAreAcknowledgedOnlyAfterTheirCheckpointSoAFailedSyncsAreRedelivered() throws Exception {
        String queue = "connector_test_" + UUID.randomUUID().toString().substring(0, 8);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(SERVER);
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(Path.of("configuration.json"))
                .configure("amqp_url", SERVER).configure("queue", queue).configure("batch_size", "2");
             com.rabbitmq.client.Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            try {
                for (int id = 1; id <= 5; id++) {
                    publish(channel, queue, "{\"id\": " + id + ", \"type\": \"signup\"}");
                }
                publish(channel, queue, "not json");
                SyncResult failed = sync.run();
                assertFalse(failed.succeeded(), "the sync stops on the message that is not JSON");
                assertTrue(failed.failure().contains("Unrecognized token 'not'"), failed.failure());
                assertEquals(2L, failed.counts().checkpoints(), "two batches of 2 committed");
                assertEquals(List.of(1L, 2L, 3L, 4L), sync.rows("SELECT id FROM events ORDER BY id").stream().map(row -> row.get("id")).toList());
                assertEquals(Map.of("received", 4), failed.state());

                try (Channel inspector = connection.createChannel()) {
                    GetResponse five = inspector.basicGet(queue, false);
                    GetResponse poison = inspector.basicGet(queue, false);
                    assertEquals("{\"id\": 5, \"type\": \"signup\"}", new String(five.getBody(), StandardCharsets.UTF_8));
                    assertTrue(five.getEnvelope().isRedeliver(), "message 5 was upserted but not committed: it comes back");
                    assertEquals("not json", new String(poison.getBody(), StandardCharsets.UTF_8));
                    inspector.basicAck(poison.getEnvelope().getDeliveryTag(), false);
                    inspector.basicNack(five.getEnvelope().getDeliveryTag(), false, true);
                }

                SyncResult second = sync.run();
                assertTrue(second.succeeded(), second.failure());
                assertEquals(1L, second.counts().upserts(), "only message 5");
                assertEquals(Map.of("id", 5L, "type", "signup"), sync.rows("SELECT id, type FROM events WHERE id = 5").get(0));
                assertEquals(5L, sync.value("SELECT count(*) FROM events"));
                assertEquals(Map.of("received", 5), second.state());
                assertNull(channel.basicGet(queue, false), "every committed message is acknowledged");
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
