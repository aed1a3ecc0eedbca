///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.sap.cloud.db.jdbc:ngdbc:2.25.9

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Dialect;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The table TRANSACTIONS of an SAP HANA database, with SAP's JDBC driver (ngdbc): in pages of {@code LIMIT n} after
 * the (CREATED_AT, TRANSACTION_ID) position saved in state, with a checkpoint after each page.
 */
class connector {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_#$]*");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("transactions").primaryKey("transaction_id")
                .column("transaction_id", DataType.STRING).column("created_at", DataType.NAIVE_DATETIME));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String schema = configuration.get("schema", "");
        String table = (schema.isBlank() ? "" : name(schema, "schema") + ".") + "TRANSACTIONS";
        int batchSize = configuration.getInt("batch_size", 1_000);
        try (Connection source = connect(configuration)) {
            KeysetReader.of(table).stateKey("transactions").dialect(Dialect.SAP_HANA).replicationKey("created_at", "transaction_id")
                    .limit(batchSize).fetchSize(batchSize).checkpointEvery(batchSize)
                    .upsertInto("transactions", source, state);
        }
    }

    private static String name(String value, String key) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a plain HANA schema name (letters, digits, _)");
        }
        return value;
    }

    /**
     * {@code jdbc:sap://<host>:<port>/?encrypt=true&validateCertificate=true}, or the configuration's {@code jdbc_url}.
     * HANA Cloud accepts encrypted connections only; {@code validate_certificate=false} is for a self-signed on-premise server.
     */
    static String url(Configuration configuration) {
        String override = configuration.get("jdbc_url", "");
        if (!override.isBlank()) {
            return override;
        }
        return "jdbc:sap://" + configuration.require("host") + ":" + configuration.getInt("port", 443)
                + "/?encrypt=true&validateCertificate=" + configuration.getBoolean("validate_certificate", true);
    }

    static Connection connect(Configuration configuration) throws SQLException {
        String keys = configuration.get("jdbc_url", "").isBlank() ? "keys 'host' and 'port'" : "key 'jdbc_url'";
        return Jdbc.connect(url(configuration), configuration.require("username"), configuration.require("password"), keys);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
