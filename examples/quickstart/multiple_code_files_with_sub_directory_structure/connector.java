///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//SOURCES source/OrdersApi.java destination/OrderRows.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.util.List;

/**
 * A connector split over several files in sub folders: JBang compiles the files named by {@code //SOURCES} (paths
 * relative to this file) with this one. The source client lives in source/OrdersApi.java, the table and the row
 * mapping in destination/OrderRows.java.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(OrderRows.TABLE);
    }

    static void update(Configuration configuration, State state) {
        OrdersApi api = new OrdersApi(configuration.getInt("page_size", 5));
        for (OrdersApi.Order order : api.ordersAfter(state.getLong("last_id", 0))) {
            Operations.upsert(OrderRows.TABLE_NAME, OrderRows.row(order));
            state.put("last_id", order.id());
        }
        Operations.checkpoint(state);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
