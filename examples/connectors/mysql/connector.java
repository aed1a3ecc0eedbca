///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.mariadb.jdbc:mariadb-java-client:3.5.6

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.util.List;

/**
 * Several MySQL or MariaDB tables, listed in the configuration, each copied incrementally on (updated_at, id) with
 * its own position in state. MariaDB's driver streams rows with the fetch size and talks to MySQL servers too.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return configuration.getList("tables").stream().map(name -> Table.named(name).primaryKey("id")).toList();
    }

    static void update(Configuration configuration, State state) throws Exception {
        try (Connection source = Jdbc.connect(configuration)) {
            for (String table : configuration.getList("tables")) {
                KeysetReader.of(table).replicationKey("updated_at", "id").upsertInto(table, source, state);
            }
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
