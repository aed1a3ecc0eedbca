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
 * A PostgreSQL table, fully on the first sync and incrementally after: the rows changed since the (updated_at, id)
 * saved in state. The application soft-deletes customers by setting deleted_at (and updated_at), so a deletion is a
 * change like any other, and becomes a delete in the destination.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("customers").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) throws Exception {
        try (Connection source = Jdbc.connect(configuration)) {
            KeysetReader.of("customers").replicationKey("updated_at", "id").read(source, state, customer -> {
                if (customer.get("deleted_at") == null) {
                    Operations.upsert("customers", customer);
                } else {
                    Operations.delete("customers", Map.of("id", customer.get("id")));
                }
            });
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
