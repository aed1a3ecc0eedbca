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
 * A source whose records change shape between syncs: its second version adds a column and sends prices with
 * cents. The inferred columns follow without a reset: the new column is added, INT widens to DOUBLE.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("products").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) {
        long sync = state.getLong("syncs", 0) + 1;
        if (sync == 1) {
            Operations.upsert("products", Map.of("id", 1, "name", "kettle", "price", 30));
            Operations.upsert("products", Map.of("id", 2, "name", "toaster", "price", 45));
        } else {
            Operations.upsert("products", Map.of("id", 2, "name", "toaster", "price", 44.5, "category", "kitchen"));
            Operations.upsert("products", Map.of("id", 3, "name", "blender", "price", 79.99, "category", "kitchen"));
        }
        state.put("syncs", sync);
        Operations.checkpoint(state);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
