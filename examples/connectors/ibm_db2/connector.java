///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.ibm.db2:jcc:12.1.2.0

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
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An employee table of an IBM Db2 database into {@code employee}, with IBM's JDBC driver (JCC) over SSL: read in pages
 * of {@code FETCH FIRST n ROWS ONLY} after the (HIRE_DATE, ID) position saved in state, each page a short read.
 */
class connector {
    private static final List<String> COLUMNS = List.of("ID", "FIRST_NAME", "LAST_NAME", "EMAIL", "DEPARTMENT", "SALARY", "HIRE_DATE");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$#@]*");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("employee").primaryKey("id").column("id", DataType.INT)
                .column("first_name", DataType.STRING).column("last_name", DataType.STRING).column("email", DataType.STRING)
                .column("department", DataType.STRING).column("hire_date", DataType.NAIVE_DATE));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String table = name(configuration, "schema_name") + "." + name(configuration, "table_name");
        int batchSize = configuration.getInt("batch_size", 1_000);
        // lower-case labels, as upstream gives its rows: Db2 folds unquoted names to upper case
        String select = COLUMNS.stream().map(column -> column + " AS " + Dialect.DB2.quote(column.toLowerCase(Locale.ROOT)))
                .collect(Collectors.joining(", "));
        try (Connection source = connect(configuration)) {
            KeysetReader.of(table).stateKey("employee").dialect(Dialect.DB2).columns(select).replicationKey("hire_date", "id")
                    .limit(batchSize).fetchSize(batchSize).checkpointEvery(1_000)
                    .upsertInto("employee", source, state);
        }
    }

    /** An ordinary Db2 identifier from {@code key}: folded to upper case by Db2, as upstream writes it unquoted. */
    private static String name(Configuration configuration, String key) {
        String name = configuration.require(key);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a plain Db2 name (letters, digits, _), not a quoted or dotted one");
        }
        return name;
    }

    /** {@code jdbc:db2://<hostname>:<port>/<database>:sslConnection=true;}, or the configuration's {@code jdbc_url}. */
    static String url(Configuration configuration) {
        String override = configuration.get("jdbc_url", "");
        if (!override.isBlank()) {
            return override;
        }
        return "jdbc:db2://" + configuration.require("hostname") + ":" + configuration.getInt("port", 50001) + "/"
                + configuration.require("database") + ":sslConnection=" + configuration.getBoolean("ssl", true) + ";";
    }

    static Connection connect(Configuration configuration) throws SQLException {
        String keys = configuration.get("jdbc_url", "").isBlank() ? "keys 'hostname', 'port' and 'database'" : "key 'jdbc_url'";
        return Jdbc.connect(url(configuration), configuration.require("user_id"), configuration.require("password"), keys);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
