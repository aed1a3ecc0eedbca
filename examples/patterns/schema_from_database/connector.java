///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.JdbcSchema;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.util.List;

/**
 * schema() reads the source database's metadata: every listed table is declared with its primary key and its
 * columns' types (numeric(12,2) becomes DECIMAL(12,2), timestamptz UTC_DATETIME...). update() copies new rows of
 * each table in primary-key order.
 */
class connector {
    static List<Table> schema(Configuration configuration) throws Exception {
        try (Connection source = Jdbc.connect(configuration)) {
            return JdbcSchema.tables(source, configuration.getList("tables").toArray(String[]::new));
        }
    }

    static void update(Configuration configuration, State state) throws Exception {
        try (Connection source = Jdbc.connect(configuration)) {
            for (Table table : schema(configuration)) {
                KeysetReader.of(table.name()).replicationKey(table.primaryKey().toArray(String[]::new))
                        .upsertInto(table.name(), source, state);
            }
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
