///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.util.List;
import java.util.Map;

/**
 * A source that can only be read whole (no cursor, no deletes reported): every sync truncates the table, then
 * writes the full snapshot. Rows missing from the snapshot stay soft-deleted; rows written after the truncate
 * stay live.
 */
class connector {
    record Product(String sku, String name, int price) {
    }

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("products").primaryKey("sku").column("sku", DataType.STRING));
    }

    static void update(Configuration configuration, State state) {
        long sync = state.getLong("syncs", 0) + 1;
        Operations.truncate("products");
        snapshot(sync).forEach(product -> Operations.upsert("products", product));
        state.put("syncs", sync);
        Operations.checkpoint(state);
    }

    /** The emulated source: its whole catalog, which changes after the first sync. */
    private static List<Product> snapshot(long sync) {
        return sync == 1
                ? List.of(new Product("A-1", "kettle", 30), new Product("B-2", "toaster", 45), new Product("C-3", "blender", 80))
                : List.of(new Product("A-1", "kettle", 25), new Product("C-3", "blender", 80), new Product("D-4", "mixer", 60));
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
