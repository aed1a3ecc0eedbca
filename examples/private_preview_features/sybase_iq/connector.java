///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS net.sourceforge.jtds:jtds:1.3.1

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

/**
 * The table {@code customers} of an SAP (Sybase) IQ database over TDS 5.0 with jTDS: in pages of {@code SELECT TOP n}
 * after the (created_date, customer_id) position saved in state, with a checkpoint after each page.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("customers").primaryKey("customer_id")
                .column("customer_id", DataType.INT).column("created_date", DataType.NAIVE_DATE));
    }

    static void update(Configuration configuration, State state) throws Exception {
        Dialect iq = Dialect.SYBASE;
        int batchSize = configuration.getInt("batch_size", 1_000);
        try (Connection source = connect(configuration)) {
            KeysetReader.of(iq.quoteQualified(configuration.get("owner", "dbo") + ".customers")).stateKey("customers").dialect(iq)
                    .replicationKey(iq.quote("created_date"), iq.quote("customer_id"))
                    .limit(batchSize).fetchSize(batchSize).checkpointEvery(batchSize)
                    .upsertInto("customers", source, state);
        }
    }

    /** {@code jdbc:jtds:sybase://<server>:<port>/<database>;charset=utf8;loginTimeout=15}, or the configuration's {@code jdbc_url}. */
    static String url(Configuration configuration) {
        String override = configuration.get("jdbc_url", "");
        if (!override.isBlank()) {
            return override;
        }
        return "jdbc:jtds:sybase://" + configuration.require("server") + ":" + configuration.getInt("port", 2638) + "/"
                + configuration.require("database") + ";charset=utf8;loginTimeout=15;appName=fivetran-connector-sdk";
    }

    static Connection connect(Configuration configuration) throws SQLException {
        String keys = configuration.get("jdbc_url", "").isBlank() ? "keys 'server', 'port' and 'database'" : "key 'jdbc_url'";
        return Jdbc.connect(url(configuration), configuration.require("user_id"), configuration.require("password"), keys);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
