///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.firebirdsql.jdbc:jaybird:6.0.5

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.jdbc.Jdbc;
import fivetran.connector.sdk.jdbc.KeysetReader;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tables of a Firebird database, each copied in batches of {@code SELECT FIRST n ... ORDER BY <cursor>, ID}: fully on
 * the first sync, then only the rows after the position saved in state for that table. A batch is one short read
 * transaction, so a long sync never holds back Firebird's garbage collection the way one hours-long cursor would.
 */
class connector {
    /** The source tables, with the column each one's sync follows; the primary key of all of them is ID. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("table_1", "ID");
        TABLES.put("table_2", "DATE_MODIFIED");
        TABLES.put("table_3", "DATE_MODIFIED");
    }

    static List<Table> schema(Configuration configuration) {
        return TABLES.keySet().stream().map(table -> Table.named(table).primaryKey("ID")).toList();
    }

    static void update(Configuration configuration, State state) throws Exception {
        int batchSize = configuration.getInt("batch_size", 10_000);
        try (Connection source = Jdbc.connect(configuration)) {
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                sync(source, state, table.getKey(), table.getValue(), batchSize);
            }
        }
    }

    /**
     * Reads {@code table} a batch at a time until a batch comes back short. The position is (cursor, ID), not the
     * cursor alone: rows that share a DATE_MODIFIED are neither read twice nor skipped, however many there are.
     */
    private static void sync(Connection source, State state, String table, String cursor, int batchSize) throws Exception {
        String[] key = cursor.equals("ID") ? new String[] {"ID"} : new String[] {cursor, "ID"};
        KeysetReader batch = KeysetReader.of(table).replicationKey(key)
                .columns("FIRST " + batchSize + " *")    // Firebird's row limit: SELECT FIRST n * FROM ... ORDER BY ...
                .fetchSize(Math.min(batchSize, 1_000)).checkpointEvery(1_000);
        long total = 0;
        long read;
        do {
            read = batch.read(source, state, row -> Operations.upsert(table, row));
            total += read;
        } while (read == batchSize);
        Logging.info(table + ": " + total + " rows synced");
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
