///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.util.List;

/**
 * Key-based replication: the replication key, a list of columns named in the configuration, orders the rows; the
 * last key copied is saved in state at every checkpoint, and the next sync (or the same one, resumed after a
 * failure) starts right after it.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(configuration.require("table")).primaryKey("id"));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String table = configuration.require("table");
        try (Connection source = Jdbc.connect(configuration)) {
            KeysetReader.of(table)
                    .replicationKey(configuration.getList("replication_key").toArray(String[]::new))
                    .checkpointEvery(configuration.getInt("checkpoint_every", 1_000))
                    .upsertInto(table, source, state);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
