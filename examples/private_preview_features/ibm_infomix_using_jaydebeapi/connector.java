///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.ibm.informix:jdbc:15.0.0.1.1

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A table of an IBM Informix database copied whole into {@code sample_table} on every sync, with Informix's own JDBC
 * driver over SQLI (upstream bridged Python to this same driver with JayDeBeApi). The copy follows a truncate, so a row
 * deleted in the source is marked deleted in the destination.
 */
class connector {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("sample_table").primaryKey("id").column("id", DataType.STRING));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String table = configuration.require("table_name");
        if (!NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("configuration key 'table_name' must be a plain Informix name, table or owner.table");
        }
        try (Connection source = connect(configuration)) {
            // rows written before the truncate, and not again after it, are the ones deleted in the source
            Operations.truncate("sample_table");
            long rows = Jdbc.stream(source, "SELECT * FROM " + table, List.of(), configuration.getInt("batch_size", 1_000),
                    row -> Operations.upsert("sample_table", row));
            Operations.checkpoint(state);
            Logging.info("sample_table: " + rows + " rows copied");
        }
    }

    /**
     * {@code jdbc:informix-sqli://<hostname>:<port>/<database>:INFORMIXSERVER=<informix_server>}, or the
     * configuration's {@code jdbc_url}.
     */
    static String url(Configuration configuration) {
        String override = configuration.get("jdbc_url", "");
        if (!override.isBlank()) {
            return override;
        }
        return "jdbc:informix-sqli://" + configuration.require("hostname") + ":" + configuration.getInt("port") + "/"
                + configuration.require("database") + ":INFORMIXSERVER=" + configuration.require("informix_server");
    }

    static Connection connect(Configuration configuration) throws SQLException {
        String keys = configuration.get("jdbc_url", "").isBlank()
                ? "keys 'hostname', 'port', 'database' and 'informix_server'" : "key 'jdbc_url'";
        return Jdbc.connect(url(configuration), configuration.require("username"), configuration.require("password"), keys);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
