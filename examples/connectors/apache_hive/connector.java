///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
// slf4j 2 ahead of Hive's standalone jar, which bundles slf4j 1.7's classes (they would leave the SDK's log unbound)
//DEPS org.slf4j:slf4j-api:2.0.17
//DEPS org.apache.hive:hive-jdbc:4.0.1:standalone

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Dialect;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table {@code people} of an Apache Hive database, through HiveServer2 with Hive's JDBC driver: the rows after the
 * (created_at, id) position saved in state, streamed in key order with a checkpoint every {@code batch_size} rows.
 * With a password it logs in as PyHive's CUSTOM/LDAP authentication does; without one, as SQLAlchemy's
 * {@code hive://user@host} does (authentication NONE).
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("people").primaryKey("id").column("id", DataType.INT).column("created_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) throws Exception {
        Dialect hive = Dialect.HIVE;
        int batchSize = configuration.getInt("batch_size", 1_000);
        try (Connection source = connect(configuration)) {
            KeysetReader.of(hive.quote("people")).stateKey("people").dialect(hive).replicationKey(hive.quote("created_at"), hive.quote("id"))
                    .fetchSize(batchSize).checkpointEvery(batchSize)
                    .read(source, state, row -> Operations.upsert("people", unqualified(row)));
        }
    }

    /** The row with any {@code people.} prefix taken off its column names, and Hive's TIMESTAMP, which is UTC, as UTC. */
    private static Map<String, Object> unqualified(Map<String, Object> row) {
        Map<String, Object> plain = new LinkedHashMap<>();
        row.forEach((column, value) -> plain.put(column.substring(column.indexOf('.') + 1),
                column.endsWith("created_at") && value instanceof LocalDateTime time ? time.atOffset(ZoneOffset.UTC) : value));
        return plain;
    }

    /**
     * {@code jdbc:hive2://<hostname>:<port>/<database>?hive.resultset.use.unique.column.names=false}, or the
     * configuration's {@code jdbc_url}; the Hive setting keeps column labels unqualified ({@code id}, not {@code people.id}).
     */
    static String url(Configuration configuration) {
        String override = configuration.get("jdbc_url", "");
        if (!override.isBlank()) {
            return override;
        }
        return "jdbc:hive2://" + configuration.require("hostname") + ":" + configuration.getInt("port", 10000) + "/"
                + configuration.require("database") + "?hive.resultset.use.unique.column.names=false";
    }

    static Connection connect(Configuration configuration) throws SQLException {
        String keys = configuration.get("jdbc_url", "").isBlank() ? "keys 'hostname', 'port' and 'database'" : "key 'jdbc_url'";
        return Jdbc.connect(url(configuration), configuration.require("username"), configuration.get("password", ""), keys);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
