///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.mariadb.jdbc:mariadb-java-client:3.5.6

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One table of a MySQL or MariaDB database, read whole at every sync into {@code orders}, its columns taken by position
 * as id, title, name, city, mobile and datetime. The JDBC driver is the only thing to install: the //DEPS line above
 * (a driver on Maven Central), or a vendor's jar file beside this one named by its path in that line instead
 * ({@code //DEPS drivers/<the vendor's jar>}), which JBang puts on the class path and {@code package} carries in lib/.
 */
class connector {
    static final List<String> COLUMNS = List.of("id", "title", "name", "city", "mobile", "datetime");
    /** A table name, optionally qualified by its database; it goes into the query, so nothing else is accepted. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    private static final int CHECKPOINT_EVERY = 1_000;

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("orders").primaryKey("id")
                .column("id", DataType.LONG)
                .column("title", DataType.STRING)
                .column("name", DataType.STRING)
                .column("city", DataType.STRING)
                .column("mobile", DataType.STRING)
                .column("datetime", DataType.NAIVE_DATETIME));
    }

    static void update(Configuration configuration, State state) throws SQLException {
        String table = configuration.require("table_name").trim();
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("configuration value of 'table_name' is not a table name such as orders or shop.orders");
        }
        try (Connection source = Jdbc.connect(configuration)) {
            // Read whole, so rows deleted at the source are found only this way: the truncate soft-deletes every row
            // written before it, and the rows upserted after it are live again.
            Operations.truncate("orders");
            long[] read = {0};
            Jdbc.stream(source, "SELECT * FROM " + table, List.of(), CHECKPOINT_EVERY, row -> {
                Operations.upsert("orders", byPosition(table, row));
                if (++read[0] % CHECKPOINT_EVERY == 0) {
                    Operations.checkpoint(state);
                }
            });
            Logging.info(table + ": " + read[0] + " rows read");
        }
        state.put("timestamp", Instant.now().getEpochSecond());
        Operations.checkpoint(state);
    }

    /** The row's values under the names of {@link #COLUMNS}, in the table's column order. */
    private static Map<String, Object> byPosition(String table, Map<String, Object> row) {
        if (row.size() != COLUMNS.size()) {
            throw new IllegalArgumentException("table " + table + " has " + row.size() + " columns; this connector takes exactly "
                    + COLUMNS.size() + ", by position: " + String.join(", ", COLUMNS));
        }
        List<Object> values = new ArrayList<>(row.values());
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            named.put(COLUMNS.get(i), values.get(i));
        }
        return named;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
