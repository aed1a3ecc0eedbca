///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.sample.SampleSource;
import java.time.Duration;

/**
 * Reading configuration.json: a required key, and typed values with defaults. Values are strings in the file; the
 * typed getters parse them and name the key, never the value, when one is missing or malformed.
 */
class connector {
    static void update(Configuration configuration, State state) {
        configuration.require("api_key");   // fails before any work when missing; a real connector sends it to its API
        String customer = configuration.get("customer", "acme");
        int limit = configuration.getInt("limit", 10);
        boolean includeReturned = configuration.getBoolean("include_returned", true);
        Logging.info("syncing at most " + limit + " orders of customer " + customer
                + (includeReturned ? "" : ", returned orders excluded"));

        SampleSource source = SampleSource.of("orders", Duration.ofMinutes(10));
        source.range(1, 1_000)
                .filter(order -> order.customer().equals(customer))
                .filter(order -> includeReturned || !order.status().equals("returned"))
                .limit(limit)
                .forEach(order -> Operations.upsert("orders", order));
        Operations.checkpoint(state);
    }

    public static void main(String[] args) {
        new Connector(connector::update).run(args);
    }
}
