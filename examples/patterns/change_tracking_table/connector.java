///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * Changes read from a change-tracking table that a trigger fills: every insert, update and delete of orders adds a
 * row to orders_changes. Each change is joined to the order's current row: a deleted order becomes a delete, any
 * other change an upsert. The position in state is the last change_id.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("orders").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) throws Exception {
        try (Connection source = Jdbc.connect(configuration)) {
            KeysetReader.of("orders_changes c LEFT JOIN orders o ON o.id = c.order_id")
                    .columns("c.change_id, c.order_id AS id, o.id IS NULL AS deleted, o.customer, o.amount, o.status")
                    .replicationKey("change_id")
                    .stateKey("orders_changes")
                    .read(source, state, change -> {
                        Object id = change.get("id");
                        if ((Boolean) change.remove("deleted")) {
                            Operations.delete("orders", Map.of("id", id));
                        } else {
                            change.remove("change_id");
                            Operations.upsert("orders", change);
                        }
                    });
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
