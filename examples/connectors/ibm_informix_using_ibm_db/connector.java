///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.ibm.db2:jcc:12.1.2.0

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
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
 * A table of an IBM Informix database into {@code sample_table}, over DRDA (the protocol upstream's ibm_db speaks) with
 * IBM's JCC driver: the rows after the (created_at, id) position saved in state, streamed in key order.
 */
class connector {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("sample_table").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String table = configuration.require("table_name");
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("configuration key 'table_name' must be a plain Informix name, table or owner.table");
        }
        try (Connection source = connect(configuration)) {
            // Informix names are not quoted: quoting them needs DELIMIDENT=Y on the server's side
            KeysetReader.of(table).stateKey("sample_table").dialect(Dialect.INFORMIX).replicationKey("created_at", "id")
                    .fetchSize(configuration.getInt("batch_size", 1_000)).checkpointEvery(1_000)
                    .upsertInto("sample_table", source, state);
        }
    }

    /** {@code jdbc:db2://<hostname>:<port>/<database>}, the server's DRDA listener, or the configuration's {@code jdbc_url}. */
    static String url(Configuration configuration) {
        String override = configuration.get("jdbc_url", "");
        if (!override.isBlank()) {
            return override;
        }
        return "jdbc:db2://" + configuration.require("hostname") + ":" + configuration.getInt("port") + "/" + configuration.require("database");
    }

    static Connection connect(Configuration configuration) throws SQLException {
        String keys = configuration.get("jdbc_url", "").isBlank() ? "keys 'hostname', 'port' and 'database'" : "key 'jdbc_url'";
        return Jdbc.connect(url(configuration), configuration.require("username"), configuration.require("password"), keys);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
