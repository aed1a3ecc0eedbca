///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.solace:solace-messaging-client:1.9.0

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.solace.messaging.MessagingService;
import com.solace.messaging.PubSubPlusClientException;
import com.solace.messaging.config.SolaceConstants.AuthenticationConstants;
import com.solace.messaging.config.SolaceProperties.AuthenticationProperties;
import com.solace.messaging.config.SolaceProperties.ServiceProperties;
import com.solace.messaging.config.SolaceProperties.TransportLayerProperties;
import com.solace.messaging.config.profile.ConfigurationProfile;
import com.solace.messaging.receiver.InboundMessage;
import com.solace.messaging.receiver.PersistentMessageReceiver;
import com.solace.messaging.resources.Queue;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.util.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Events from a durable exclusive queue of a Solace PubSub+ broker, read with Solace's Java messaging API, into table
 * solace_events.
 *
 * Messages are received with client acknowledgement, upserted, and acknowledged only once the checkpoint that commits
 * them has returned, every batch_size messages and when the queue is drained. A sync that fails or is killed before a
 * checkpoint leaves its messages unacknowledged, and the broker redelivers them to the next sync: at-least-once
 * delivery, made exactly-once in the destination by a key that a redelivered message keeps.
 */
class connector {
    static final String TABLE = "solace_events";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message as the sync needs it; {@code handle} is the client's own message, which {@link Source#ack} takes back. */
    record Message(String payload, String topic, String applicationMessageId, String brokerMessageId, Long senderTimestamp,
            long receiveTimestamp, boolean redelivered, Object handle) {
    }

    /** What a sync needs of the broker: the next message of the queue, and its acknowledgement. {@link SolaceSource} is Solace's. */
    interface Source extends AutoCloseable {
        /** The next message, or null when none arrives within the timeout. */
        Message receive(long timeoutMillis);

        /** Settles a received message: the broker removes it from the queue. */
        void ack(Message message);

        /** Stops receiving: the messages not acknowledged stay on the queue, to be redelivered. */
        @Override
        void close();
    }

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("event_id")
                .column("event_id", DataType.STRING)
                .column("message_id", DataType.STRING)
                .column("timestamp", DataType.UTC_DATETIME)
                .column("topic", DataType.STRING)
                .column("message_payload", DataType.STRING)
                .column("message_type", DataType.STRING)
                .column("source_system", DataType.STRING)
                .column("details", DataType.STRING)
                .column("processed_at", DataType.UTC_DATETIME)
                .column("redelivered", DataType.BOOLEAN));
    }

    static void update(Configuration configuration, State state) {
        settings(configuration);
        try (Source source = SolaceSource.open(configuration)) {
            sync(source, configuration, state);
        }
    }

    /** Receives the queue's messages until it is drained (or max_messages), committing, then acknowledging, each batch. */
    static void sync(Source source, Configuration configuration, State state) {
        Settings settings = settings(configuration);
        int batchSize = settings.batchSize();
        long maxMessages = settings.maxMessages();
        long timeout = settings.receiveTimeoutMillis();
        List<Message> pending = new ArrayList<>();
        long received = 0;
        Message message;
        while (received < maxMessages && (message = receive(source, configuration, timeout)) != null) {
            Map<String, Object> event = event(message);
            Operations.upsert(TABLE, event);
            Instant timestamp = (Instant) event.get("timestamp");
            Instant last = state.containsKey("last_sync_time") ? Instant.parse(state.getString("last_sync_time", null)) : null;
            if (timestamp != null && (last == null || timestamp.isAfter(last))) {
                state.put("last_sync_time", timestamp.toString());
            }
            pending.add(message);
            received++;
            if (pending.size() == batchSize) {
                commit(source, state, pending);
            }
        }
        commit(source, state, pending);
        Logging.info(TABLE + ": " + received + (received == 1 ? " message" : " messages") + " received and acknowledged from queue "
                + configuration.get("solace_queue", "?") + (received == maxMessages ? " (max_messages reached; the rest next sync)" : ""));
    }

    record Settings(int batchSize, long maxMessages, long receiveTimeoutMillis) {
    }

    static Settings settings(Configuration configuration) {
        return new Settings(positive(configuration, "batch_size", 1000), positive(configuration, "max_messages", 100_000),
                positive(configuration, "receive_timeout_ms", 1000));
    }

    /** Commits the batch's rows with the state, then acknowledges its messages: never the other way round. */
    private static void commit(Source source, State state, List<Message> batch) {
        state.put("messages_received", state.getLong("messages_received", 0) + batch.size());
        Operations.checkpoint(state);
        for (Message message : batch) {
            source.ack(message);
        }
        batch.clear();
    }

    private static Message receive(Source source, Configuration configuration, long timeout) {
        try {
            return source.receive(timeout);
        } catch (PubSubPlusClientException e) {
            throw failure(e, configuration);
        }
    }

    /**
     * A message as a row. A JSON payload gives message_id, event_timestamp, type and details (upstream's event shape);
     * any other payload is kept as it is, typed raw. The key is the payload's message_id, else the publisher's
     * application message id, else the broker's replication group message id: each is the same on a redelivery.
     */
    static Map<String, Object> event(Message message) {
        String payload = message.payload();
        String messageId = null;
        String type = "raw";
        String details = null;
        String eventTimestamp = null;
        JsonNode json = parse(payload);
        if (json != null && json.isObject()) {
            messageId = text(json.get("message_id"));
            type = json.hasNonNull("type") ? text(json.get("type")) : "unknown";
            details = text(json.get("details"));
            eventTimestamp = text(json.get("event_timestamp"));
        }
        String eventId = firstOf(messageId, message.applicationMessageId(), message.brokerMessageId());
        if (eventId == null) {
            eventId = Hashing.sha256(message.topic(), payload); // a broker without replication group ids, a publisher without ids
        }
        Instant processedAt = Instant.now();
        Instant timestamp = instant(eventTimestamp);
        if (timestamp == null) {
            if (eventTimestamp != null) {
                Logging.warning(TABLE + ": message " + eventId + " has an event_timestamp that is not an ISO-8601 date-time; the broker's time is used");
            }
            Long brokerTime = message.senderTimestamp() != null ? message.senderTimestamp()
                    : message.receiveTimestamp() > 0 ? message.receiveTimestamp() : null;
            timestamp = brokerTime != null ? Instant.ofEpochMilli(brokerTime) : processedAt;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", eventId);
        event.put("message_id", messageId);
        event.put("timestamp", timestamp);
        event.put("topic", message.topic());
        event.put("message_payload", payload);
        event.put("message_type", type);
        event.put("source_system", "solace");
        event.put("details", details);
        event.put("processed_at", processedAt);
        event.put("redelivered", message.redelivered());
        return event;
    }

    /** The client's properties: the broker, its message VPN, basic authentication. TLS certificates are validated (tcps://). */
    static Properties serviceProperties(Configuration configuration) {
        Properties properties = new Properties();
        properties.setProperty(TransportLayerProperties.HOST, configuration.require("solace_host"));
        properties.setProperty(ServiceProperties.VPN_NAME, configuration.get("solace_vpn", "default"));
        properties.setProperty(AuthenticationProperties.SCHEME, AuthenticationConstants.AUTHENTICATION_SCHEME_BASIC);
        properties.setProperty(AuthenticationProperties.SCHEME_BASIC_USER_NAME, configuration.require("solace_username"));
        properties.setProperty(AuthenticationProperties.SCHEME_BASIC_PASSWORD, configuration.require("solace_password"));
        // A sync runs again on schedule: fail at once rather than retry for minutes when the broker cannot be reached.
        properties.setProperty(TransportLayerProperties.CONNECTION_RETRIES, "0");
        properties.setProperty(TransportLayerProperties.RECONNECTION_ATTEMPTS, "3");
        return properties;
    }

    /** A client error as a user should read it: what to check, by configuration key, and the client's own message. */
    static RuntimeException failure(PubSubPlusClientException e, Configuration configuration) {
        String broker = "the Solace broker at " + configuration.get("solace_host", "?");
        String message;
        if (e instanceof PubSubPlusClientException.AuthenticationException) {
            message = broker + " refused the login; check the configuration keys 'solace_username', 'solace_password' and 'solace_vpn'";
        } else if (e instanceof PubSubPlusClientException.AuthorizationException) {
            message = broker + " does not allow user " + configuration.get("solace_username", "?") + " to consume from queue "
                    + configuration.get("solace_queue", "?") + " (configuration keys 'solace_username' and 'solace_queue')";
        } else if (e instanceof PubSubPlusClientException.MissingResourceException
                || e instanceof PubSubPlusClientException.MessageDestinationDoesNotExistException) {
            message = "queue " + configuration.get("solace_queue", "?") + " does not exist on " + broker
                    + " in message VPN " + configuration.get("solace_vpn", "default") + " (configuration keys 'solace_queue' and 'solace_vpn')";
        } else if (e instanceof PubSubPlusClientException.InvalidConfigurationException && String.valueOf(e.getMessage()).contains("resolvable")) {
            return new IllegalStateException("cannot resolve the host in the configuration key 'solace_host': " + e.getMessage(), e);
        } else if (e instanceof PubSubPlusClientException.ServiceUnreachableException
                || e instanceof PubSubPlusClientException.PubSubPlusClientIOException) {
            message = "cannot reach " + broker + " (configuration key 'solace_host', e.g. tcp://host:55555 or tcps://host:55443)";
        } else {
            message = broker + " failed";
        }
        return new IllegalStateException(message + ": " + e.getMessage(), e);
    }

    private static int positive(Configuration configuration, String key, int fallback) {
        int value = configuration.getInt(key, fallback);
        if (value < 1) {
            throw new IllegalArgumentException("configuration value of '" + key + "' must be at least 1");
        }
        return value;
    }

    private static JsonNode parse(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isTextual() ? node.asText() : node.toString();
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** An ISO-8601 date-time with an offset, or without one as UTC; null when there is none or it cannot be read. */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /** Solace's Java messaging API: a connected service and a persistent receiver on the queue, with client acknowledgement. */
    static final class SolaceSource implements Source {
        private final MessagingService service;
        private final PersistentMessageReceiver receiver;
        private final Configuration configuration;

        private SolaceSource(MessagingService service, PersistentMessageReceiver receiver, Configuration configuration) {
            this.service = service;
            this.receiver = receiver;
            this.configuration = configuration;
        }

        static SolaceSource open(Configuration configuration) {
            String queue = configuration.require("solace_queue");
            MessagingService service;
            try {
                service = MessagingService.builder(ConfigurationProfile.V1).fromProperties(serviceProperties(configuration)).build();
                service.connect();
            } catch (PubSubPlusClientException e) {
                throw failure(e, configuration);
            }
            try {
                PersistentMessageReceiver receiver = service.createPersistentMessageReceiverBuilder()
                        .withMessageClientAcknowledgement()
                        .build(Queue.durableExclusiveQueue(queue));
                receiver.start();
                Logging.info("receiving from queue " + queue + " of the Solace broker at " + configuration.get("solace_host", "?"));
                return new SolaceSource(service, receiver, configuration);
            } catch (PubSubPlusClientException e) {
                service.disconnect();
                throw failure(e, configuration);
            }
        }

        @Override
        public Message receive(long timeoutMillis) {
            InboundMessage message = receiver.receiveMessage(timeoutMillis);
            if (message == null) {
                return null;
            }
            String payload = message.getPayloadAsString();
            if (payload == null && message.getPayloadAsBytes() != null) {
                payload = new String(message.getPayloadAsBytes(), StandardCharsets.UTF_8); // a bytes message, not a text one
            }
            return new Message(payload, message.getDestinationName(), message.getApplicationMessageId(),
                    message.getReplicationGroupMessageId() == null ? null : message.getReplicationGroupMessageId().toString(),
                    message.getSenderTimestamp(), message.getTimeStamp(), message.isRedelivered(), message);
        }

        @Override
        public void ack(Message message) {
            try {
                receiver.ack((InboundMessage) message.handle());
            } catch (PubSubPlusClientException e) {
                throw failure(e, configuration);
            }
        }

        @Override
        public void close() {
            try {
                receiver.terminate(1000);
            } catch (RuntimeException e) {
                Logging.warning("stopping the Solace receiver: " + e.getMessage());
            } finally {
                service.disconnect();
            }
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
