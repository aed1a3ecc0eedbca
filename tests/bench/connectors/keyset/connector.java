///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//DEPS org.postgresql:postgresql:42.7.14
//CDS
//JAVA_OPTIONS -Xlog:disable -Xlog:all=error:stderr

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.util.List;

/** The real-data path of tests/bench/Throughput.java: a source table read by KeysetReader at its defaults. */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(configuration.require("table")).primaryKey(configuration.require("key")));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String table = configuration.require("table");
        try (Connection source = Jdbc.connect(configuration)) {
            KeysetReader.of(table).replicationKey(configuration.require("key")).upsertInto(table, source, state);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
