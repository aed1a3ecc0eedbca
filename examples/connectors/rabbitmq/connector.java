///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.rabbitmq:amqp-client:5.26.0

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.util.List;

/**
 * Messages from a RabbitMQ queue, acknowledged only once the checkpoint that commits them has returned. A sync that
 * fails or is killed before a checkpoint leaves its messages unacknowledged, and RabbitMQ redelivers them to the next
 * sync: at-least-once delivery, made exactly-once in the destination by the primary key.
 */
class connector {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("events").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(configuration.get("amqp_url", "amqp://guest:guest@127.0.0.1:5672"));
        String queue = configuration.get("queue", "events");
        int batchSize = configuration.getInt("batch_size", 500);
        try (com.rabbitmq.client.Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            int pending = 0;
            GetResponse message;
            while ((message = channel.basicGet(queue, false)) != null) {
                Operations.upsert("events", JSON.readTree(message.getBody()));
                if (++pending == batchSize || message.getMessageCount() == 0) {
                    state.put("received", state.getLong("received", 0) + pending);
                    Operations.checkpoint(state);
                    channel.basicAck(message.getEnvelope().getDeliveryTag(), true); // this one and all before it
                    pending = 0;
                }
            }
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
