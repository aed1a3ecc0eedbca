///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.annotation.JsonProperty;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.sample.SampleSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Configuration values that are not plain strings: configuration.json holds only strings, so a list is
 * comma-separated, an object is JSON text (read into a record), and booleans and numbers are their text.
 */
class connector {
    record Thresholds(@JsonProperty("large_order") BigDecimal largeOrder, String currency) {
    }

    static void update(Configuration configuration, State state) {
        List<String> regions = configuration.getList("regions");                            // "eu, us" -> [eu, us]
        Thresholds thresholds = configuration.getJson("thresholds", Thresholds.class);       // JSON text -> record
        boolean flagLargeOrders = configuration.getBoolean("flag_large_orders", false);      // "true" -> true
        long ordersPerRegion = configuration.getLong("orders_per_region");                   // "4" -> 4

        for (String region : regions) {
            SampleSource.of(region, Duration.ofHours(1)).range(1, ordersPerRegion).forEach(order -> Operations.upsert("orders", Map.of(
                    "region", region,
                    "id", order.id(),
                    "amount", order.amount(),
                    "currency", thresholds.currency(),
                    "large", flagLargeOrders && order.amount().compareTo(thresholds.largeOrder()) >= 0)));
        }
        Operations.checkpoint(state);
    }

    public static void main(String[] args) {
        new Connector(connector::update).run(args);
    }
}
