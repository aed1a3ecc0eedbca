///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.teradata.jdbc:terajdbc:20.00.00.49

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
 * An employee table of a Teradata database into {@code employee}, with Teradata's JDBC driver: in pages of
 * {@code SELECT TOP n} after the (JoiningDate, EmployeeID) position saved in state, with a checkpoint after each page.
 */
class connector {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$#][A-Za-z0-9_$#]*");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("employee").primaryKey("EmployeeID")
                .column("EmployeeID", DataType.INT).column("JoiningDate", DataType.NAIVE_DATE));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String table = name(configuration, "teradata_database") + "." + name(configuration, "teradata_table");
        int batchSize = configuration.getInt("batch_size", 1_000);
        try (Connection source = connect(configuration)) {
            KeysetReader.of(table).stateKey("employee").dialect(Dialect.TERADATA).replicationKey("JoiningDate", "EmployeeID")
                    .limit(batchSize).fetchSize(batchSize).checkpointEvery(batchSize)
                    .upsertInto("employee", source, state);
        }
    }

    private static String name(Configuration configuration, String key) {
        String name = configuration.require(key);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a plain Teradata name (letters, digits, _, $, #)");
        }
        return name;
    }

    /**
     * {@code jdbc:teradata://<host>/DBS_PORT=1025,DATABASE=<database>,CHARSET=UTF8,ENCRYPTDATA=ON}, or the
     * configuration's {@code jdbc_url}.
     */
    static String url(Configuration configuration) {
        String override = configuration.get("jdbc_url", "");
        if (!override.isBlank()) {
            return override;
        }
        return "jdbc:teradata://" + configuration.require("teradata_host") + "/DBS_PORT=" + configuration.getInt("teradata_port", 1025)
                + ",DATABASE=" + name(configuration, "teradata_database") + ",CHARSET=UTF8,ENCRYPTDATA=ON";
    }

    static Connection connect(Configuration configuration) throws SQLException {
        String keys = configuration.get("jdbc_url", "").isBlank() ? "keys 'teradata_host' and 'teradata_port'" : "key 'jdbc_url'";
        return Jdbc.connect(url(configuration), configuration.require("teradata_user"), configuration.require("teradata_password"), keys);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
