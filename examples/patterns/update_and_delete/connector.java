///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.util.List;
import java.util.Map;

/**
 * Update and delete on a table whose primary key has two columns: each call names the row by every key column,
 * so the same sku in another warehouse is left alone.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("stock").primaryKey("warehouse", "sku"));
    }

    static void update(Configuration configuration, State state) {
        Operations.upsert("stock", Map.of("warehouse", "berlin", "sku", "A-1", "quantity", 10, "bin", "B12"));
        Operations.upsert("stock", Map.of("warehouse", "berlin", "sku", "B-2", "quantity", 3, "bin", "B14"));
        Operations.upsert("stock", Map.of("warehouse", "paris", "sku", "A-1", "quantity", 7, "bin", "P01"));
        Operations.upsert("stock", Map.of("warehouse", "paris", "sku", "B-2", "quantity", 1, "bin", "P02"));

        Operations.update("stock", Map.of("warehouse", "berlin", "sku", "A-1", "quantity", 8));   // bin unchanged
        Operations.delete("stock", Map.of("warehouse", "paris", "sku", "B-2"));                   // berlin's B-2 stays
        Operations.checkpoint(state);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
