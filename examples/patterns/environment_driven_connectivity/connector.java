///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.util.List;

/**
 * Connection settings chosen by the environment: CONNECTOR_ENV (dev by default) names a profile of the
 * configuration, whose keys are prefixed with it (dev.jdbc_url, prod.jdbc_url...). The same connector and
 * configuration run against a local database on a laptop and against production when deployed.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("products").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String profile = System.getenv().getOrDefault("CONNECTOR_ENV", "dev");
        Logging.info("connection profile: " + profile);
        try (Connection source = Jdbc.connect(configuration, profile)) {
            KeysetReader.of("products").replicationKey("id").upsertInto("products", source, state);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
