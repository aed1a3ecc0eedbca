///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.solace.messaging.MessagingService;
import com.solace.messaging.PubSubPlusClientException;
import com.solace.messaging.config.profile.ConfigurationProfile;
import com.solace.messaging.resources.Queue;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * No Solace broker runs here. These tests check that Solace's Java messaging API accepts the properties the connector
 * builds, run the real client against a port where nothing listens, and run the sync logic on {@link FakeQueue}, an
 * in-memory durable queue behind the connector's Source interface that delivers messages in order, records each
 * acknowledgement with the number of checkpoints committed before it, and redelivers what was not acknowledged when
 * the receiver stops, as a broker does.
 * Run: jbang connectorTest.java
 */
class connectorTest {
    private static final Map<String, String> CONFIGURATION = Map.of(
            "solace_host", "tcps://broker.example.com:55443", "solace_username", "reader", "solace_password", "reader-password",
            "solace_vpn", "trading", "solace_queue", "events", "batch_size", "2", "receive_timeout_ms", "10");

    private static String event(String id, String timestamp, String details) {
        return "{\"message_id\": \"" + id + "\", \"event_timestamp\": \"" + timestamp + "\", \"type\": \"order_created\", \"details\": \"" + details + "\"}";
    }

    private static FakeQueue loaded() {
        FakeQueue queue = new FakeQueue();
        queue.publish(event("m-1", "2024-03-01T10:00:00+00:00", "order 1"), null, "rg-1");
        queue.publish(event("m-2", "2024-03-01T12:00:00+02:00", "order 2"), null, "rg-2");
        queue.publish("plain text, not JSON", "app-3", "rg-3"); // keyed by the publisher's application message id
        queue.publish(event("m-4", "2024-03-01T09:00:00Z", "order 4, published late"), null, "rg-4");
        queue.publish("{\"type\": \"heartbeat\"}", null, "rg-5"); // no message_id: keyed by the broker's id
        return queue;
    }

    private static TestSync sync(FakeQueue queue) {
        return TestSync.of(new Connector((configuration, state) -> {
            queue.state = state;
            try (queue) { // as update() closes the client's receiver: what was not acknowledged goes back to the queue
                connector.sync(queue, configuration, state);
            }
        }, connector::schema))
                .configuration(CONFIGURATION);
    }

    private static final String ROWS = "SELECT event_id, message_id, epoch_ms(timestamp) AS ts, topic, message_type, details, redelivered"
            + " FROM solace_events ORDER BY event_id";

    private static Map<String, Object> row(String eventId, String messageId, String timestamp, String type, String details, boolean redelivered) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("event_id", eventId);
        row.put("message_id", messageId);
        row.put("ts", Instant.parse(timestamp).toEpochMilli());
        row.put("topic", "orders/created");
        row.put("message_type", type);
        row.put("details", details);
        row.put("redelivered", redelivered);
        return row;
    }

    @Test
    void eachBatchIsCommittedThenAcknowledgedAndTheNextSyncGetsOnlyNewMessages() {
        FakeQueue queue = loaded();
        try (TestSync sync = sync(queue)) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(5L, first.counts().upserts());
            assertEquals(3L, first.counts().checkpoints(), "batches of 2, 2 and 1");
            // Each message acknowledged only after the checkpoint that commits it.
            assertEquals(List.of("rg-1@2", "rg-2@2", "rg-3@4", "rg-4@4", "rg-5@5"), queue.acknowledged);
            assertTrue(queue.messages.isEmpty());
            assertEquals(Map.of("last_sync_time", "2024-03-01T10:00:00Z", "messages_received", 5), first.state());
            assertEquals(List.of(
                    row("app-3", null, "2024-03-01T08:00:00Z", "raw", null, false),
                    row("m-1", "m-1", "2024-03-01T10:00:00Z", "order_created", "order 1", false),
                    row("m-2", "m-2", "2024-03-01T10:00:00Z", "order_created", "order 2", false),
                    row("m-4", "m-4", "2024-03-01T09:00:00Z", "order_created", "order 4, published late", false),
                    row("rg-5", null, "2024-03-01T08:00:00Z", "heartbeat", null, false)), sync.rows(ROWS));
            assertEquals("plain text, not JSON", sync.value("SELECT message_payload FROM solace_events WHERE event_id = 'app-3'"));
            assertEquals(pairs("event_id", "VARCHAR", "message_id", "VARCHAR", "timestamp", "TIMESTAMP WITH TIME ZONE", "topic", "VARCHAR",
                    "message_payload", "VARCHAR", "message_type", "VARCHAR", "source_system", "VARCHAR", "details", "VARCHAR",
                    "processed_at", "TIMESTAMP WITH TIME ZONE", "redelivered", "BOOLEAN", "_fivetran_synced", "TIMESTAMP WITH TIME ZONE",
                    "_fivetran_deleted", "BOOLEAN"), columnTypes(sync));

            // A new event, and m-2 again, as the broker redelivers a message whose acknowledgement was lost.
            queue.publish(event("m-6", "2024-03-02T08:00:00Z", "order 6"), null, "rg-6");
            queue.publish(event("m-2", "2024-03-01T12:00:00+02:00", "order 2"), null, "rg-2");
            SyncResult second = sync.run();
            assertTrue(second.succeeded(), second.failure());
            assertEquals(2L, second.counts().upserts());
            assertEquals(6L, sync.value("SELECT count(*) FROM solace_events"), "m-2 replaced itself");
            assertEquals(Map.of("last_sync_time", "2024-03-02T08:00:00Z", "messages_received", 7), second.state());

            SyncResult third = sync.run();
            assertTrue(third.succeeded(), third.failure());
            assertEquals(0L, third.counts().upserts());
            assertEquals(1L, third.counts().checkpoints());
            assertEquals(second.state(), third.state());
        }
    }

    @Test
    void aSyncThatFailsLeavesItsUncommittedMessagesOnTheQueueAndTheNextGetsThemRedelivered() {
        FakeQueue queue = loaded();
        queue.failAtReceive = 4;
        queue.failure = new PubSubPlusClientException.ServiceUnreachableException("Connection was closed by the broker");
        try (TestSync sync = sync(queue)) {
            SyncResult failed = sync.run();
            assertFalse(failed.succeeded());
            assertTrue(failed.failure().endsWith("cannot reach the Solace broker at tcps://broker.example.com:55443 (configuration key"
                    + " 'solace_host', e.g. tcp://host:55555 or tcps://host:55443): Connection was closed by the broker"), failed.failure());
            assertEquals(Map.of("last_sync_time", "2024-03-01T10:00:00Z", "messages_received", 2), failed.state());
            assertEquals(List.of("rg-1@2", "rg-2@2"), queue.acknowledged, "message 3 was received, not committed, not acknowledged");
            assertEquals(2L, sync.value("SELECT count(*) FROM solace_events"));

            queue.failure = null;
            SyncResult next = sync.run();
            assertTrue(next.succeeded(), next.failure());
            assertEquals(3L, next.counts().upserts());
            assertEquals(5L, sync.value("SELECT count(*) FROM solace_events"));
            assertEquals(true, sync.value("SELECT redelivered FROM solace_events WHERE event_id = 'app-3'"));
            assertEquals(Map.of("last_sync_time", "2024-03-01T10:00:00Z", "messages_received", 5), next.state());
        }
    }

    @Test
    void aQueueThatDoesNotExistIsNamed() {
        FakeQueue queue = loaded();
        queue.failAtReceive = 1;
        queue.failure = new PubSubPlusClientException.MissingResourceException("Unknown Queue");
        try (TestSync sync = sync(queue)) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith("queue events does not exist on the Solace broker at tcps://broker.example.com:55443 in message"
                    + " VPN trading (configuration keys 'solace_queue' and 'solace_vpn'): Unknown Queue"), result.failure());
            assertEquals(Map.of(), result.state());
        }
    }

    @Test
    void refusedCredentialsNameTheKeysToCheck() {
        RuntimeException failure = connector.failure(new PubSubPlusClientException.AuthenticationException("401: Unauthorized"),
                Configuration.of(CONFIGURATION));
        assertEquals("the Solace broker at tcps://broker.example.com:55443 refused the login; check the configuration keys"
                + " 'solace_username', 'solace_password' and 'solace_vpn': 401: Unauthorized", failure.getMessage());
    }

    @Test
    void theRealClientFailsWithAClearMessageWhereNoBrokerAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(CONFIGURATION)
                .configure("solace_host", "tcp://127.0.0.1:" + port)) {
            long started = System.nanoTime();
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().contains("cannot reach the Solace broker at tcp://127.0.0.1:" + port + " (configuration key 'solace_host'"),
                    result.failure());
            assertFalse(result.failure().contains("reader-password"));
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 30);
        }
    }

    @Test
    void theClientAcceptsThePropertiesTheConnectorBuilds() {
        Map<String, String> local = new LinkedHashMap<>(CONFIGURATION);
        local.put("solace_host", "tcps://127.0.0.1:55443"); // the client resolves the host as it builds the service
        MessagingService service = MessagingService.builder(ConfigurationProfile.V1)
                .fromProperties(connector.serviceProperties(Configuration.of(local))).build();
        assertFalse(service.isConnected());
        assertEquals("events", Queue.durableExclusiveQueue("events").getName());
        assertEquals("trading", connector.serviceProperties(Configuration.of(CONFIGURATION)).getProperty("solace.messaging.service.vpn-name"));
        Map<String, String> noVpn = new LinkedHashMap<>(CONFIGURATION);
        noVpn.remove("solace_vpn");
        assertEquals("default", connector.serviceProperties(Configuration.of(noVpn)).getProperty("solace.messaging.service.vpn-name"));
    }

    @Test
    void badConfigurationIsRefusedNamingTheKey() {
        assertRefused("solace_host", "tcp://no-such-host.invalid:55555", "cannot resolve the host in the configuration key 'solace_host':"
                + " com.solacesystems.jcsmp.InvalidPropertiesException: All hosts in the host list: 'tcp://no-such-host.invalid:55555' are not resolvable");
        assertRefused("batch_size", "0", "configuration value of 'batch_size' must be at least 1");
        assertRefused("solace_password", null, "configuration is missing required key 'solace_password'");
        assertRefused("solace_queue", "", "configuration key 'solace_queue' is empty; give it a value in the configuration");
    }

    private static void assertRefused(String key, String value, String message) {
        Map<String, String> configuration = new LinkedHashMap<>(CONFIGURATION);
        if (value == null) {
            configuration.remove(key);
        } else {
            configuration.put(key, value);
        }
        try (TestSync sync = TestSync.of(new Connector(connector::update, connector::schema)).configuration(configuration)) {
            SyncResult result = sync.run();
            assertFalse(result.succeeded());
            assertTrue(result.failure().endsWith(message), result.failure());
        }
    }

    private static Map<String, String> pairs(String... keysAndValues) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, String> columnTypes(TestSync sync) {
        Map<String, String> types = new TreeMap<>();
        sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = 'solace_events'")
                .forEach(row -> types.put((String) row.get("column_name"), (String) row.get("data_type")));
        return types;
    }

    /**
     * A durable queue in memory: messages delivered in order, each acknowledgement recorded as {@code brokerId@N}, N the
     * state's messages_received when it came (the count the connector puts in the state it checkpoints just before
     * acknowledging: an acknowledgement before its checkpoint would show the count before), and what was delivered but
     * not acknowledged put back at the head of the queue, marked redelivered, when the receiver stops.
     */
    static final class FakeQueue implements connector.Source {
        final Deque<connector.Message> messages = new ArrayDeque<>();
        final List<connector.Message> unacknowledged = new ArrayList<>();
        final List<String> acknowledged = new ArrayList<>();
        State state;
        int receives;
        int failAtReceive;
        RuntimeException failure;
        private long brokerTime = Instant.parse("2024-03-01T08:00:00Z").toEpochMilli();

        void publish(String payload, String applicationMessageId, String brokerMessageId) {
            messages.add(new connector.Message(payload, "orders/created", applicationMessageId, brokerMessageId, null, brokerTime, false, null));
        }

        @Override
        public connector.Message receive(long timeoutMillis) {
            receives++;
            if (failure != null && receives == failAtReceive) {
                throw failure;
            }
            connector.Message message = messages.poll();
            if (message != null) {
                unacknowledged.add(message);
            }
            return message;
        }

        @Override
        public void ack(connector.Message message) {
            assertTrue(unacknowledged.remove(message));
            acknowledged.add(message.brokerMessageId() + "@" + state.get("messages_received"));
        }

        @Override
        public void close() {
            for (int i = unacknowledged.size() - 1; i >= 0; i--) {
                connector.Message message = unacknowledged.get(i);
                messages.addFirst(new connector.Message(message.payload(), message.topic(), message.applicationMessageId(),
                        message.brokerMessageId(), message.senderTimestamp(), message.receiveTimestamp(), true, null));
            }
            unacknowledged.clear();
            receives = 0;
        }
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
